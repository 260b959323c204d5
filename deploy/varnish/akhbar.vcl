# Varnish in front of Akhbar (Debian's varnish 7). Reader pages are cached for
# the s-maxage the app sends, banned by surrogate key when content changes
# (AKHBAR_CACHE_PURGE_URL points the app at this Varnish), and served stale
# while the app is down (grace, the app's stale-if-error).
#
# The backends below are the one place that names the app's address: replace
# {{ backend_host }} and {{ backend_port }} (e.g. 127.0.0.1 and 8000) when
# installing this file; the tests render them (akhbar.testing.servers.render_vcl).
vcl 4.1;

import std;

# The app as its health probe sees it: only asked whether it is up, which
# decides how stale a page may be served (vcl_recv). Its probe waits behind
# the pages the workers are rendering, so a busy app can look down.
backend akhbar {
    .host = "{{ backend_host }}";
    .port = "{{ backend_port }}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# The same app, where every fetch goes (vcl_backend_fetch). It has no probe:
# a fetch is always tried, so a page with no stale copy is rendered by a busy
# app rather than refused with a 503 the moment its probe times out (what
# bench/load.py's readers got while the newsroom published: varnishlog's
# "FetchError backend akhbar: unhealthy" on every failed answer). An app that
# is really down refuses the connection: the fetch fails as fast as a sick
# backend's would.
#
# Its first-byte timeout covers a server that is starting: granian listens at
# once, and a request waits in the backlog while the workers load and warm up
# (bench/cold_start.py: 45 s from start to the first answer at load 23 on
# 2 cores, 7-9 s of CPU). Past it a reader with no stale copy gets a 503.
backend akhbar_fetch {
    .host = "{{ backend_host }}";
    .port = "{{ backend_port }}";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may send BAN requests: the app's machines (the backend's host, resolved
# when the VCL is loaded: a container's name in deploy/compose.yaml).
acl purgers {
    "127.0.0.1";
    "::1";
    "{{ backend_host }}";
}

sub vcl_recv {
    # Set below (vcl_hit, vcl_miss, vcl_pass), never by the client.
    unset req.http.X-Akhbar-Served;
    if (req.restarts == 0) {
        unset req.http.X-Akhbar-Fresh-Only;
        unset req.http.X-Akhbar-Stale-If-Error;
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.Surrogate-Key) {
            # Keys are words ("article-12 home"); each matches as a whole word
            # of a stored response's Surrogate-Key.
            set req.http.X-Keys = regsuball(req.http.Surrogate-Key, "[^A-Za-z0-9_ -]", "");
            set req.http.X-Keys = regsuball(req.http.X-Keys, "^ +| +$", "");
            if (req.http.X-Keys == "") {
                return (synth(400, "Empty Surrogate-Key"));
            }
            # No space or backslash in the expression: the ban parser splits
            # on the one and unescapes the other.
            set req.http.X-Ban = "obj.http.Surrogate-Key ~ (^|[[:space:]])(" +
                regsuball(req.http.X-Keys, " +", "|") + ")([[:space:]]|$)";
            # The app's second ban of a change (akhbar.core.frontcache): only
            # the copies whose request began before the change (a pattern
            # of X-Akhbar-Read-At values, digits and classes), the ones a
            # fetch under way at the first ban stored after it.
            if (req.http.X-Ban-Read-Before) {
                if (req.http.X-Ban-Read-Before !~ "^[][0-9{}|()^$-]+$") {
                    return (synth(400, "Bad X-Ban-Read-Before"));
                }
                set req.http.X-Ban = req.http.X-Ban +
                    " && obj.http.X-Akhbar-Read-At ~ " + req.http.X-Ban-Read-Before;
            }
            if (std.ban(req.http.X-Ban)) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        if (req.http.X-Ban-Url) {
            if (std.ban("obj.http.X-Url == " + req.http.X-Ban-Url)) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        return (synth(400, "Surrogate-Key or X-Ban-Url needed"));
    }

    # Tracking parameters never change a page: one cached copy for all of them.
    set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|yclid|igshid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = std.querysort(req.url);

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Stale objects are served for a minute while a fresh one is fetched; for
    # as long as the object's grace (a day) when the app is down, or when the
    # fetch of a page stale from birth just failed (vcl_deliver).
    if (std.healthy(req.backend_hint) && !req.http.X-Akhbar-Stale-If-Error) {
        set req.grace = 60s;
        # A live story's changes: never a stale copy while the app answers (a
        # stale one would put readers a poll behind, past the 5 s promise);
        # readers asking at once still wait on one fetch.
        if (req.url ~ "^/live/[0-9]+/updates\.json") {
            set req.grace = 0s;
        }
        # Back from vcl_hit, which found only a page that was stale when it
        # was stored: wait for a fresh one (or fetch it).
        if (req.http.X-Akhbar-Fresh-Only) {
            set req.grace = 0s;
        }
    } else {
        # The whole grace objects are kept for (vcl_backend_response); set,
        # not left to the default, as a restart keeps what the last pass set.
        set req.grace = 24h;
    }
    # The admin (previews included) and the per-reader endpoints: never cached.
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/comments/" ||
        req.url ~ "^/(healthz|readyz|metrics)") {
        return (pass);
    }
    # A signed-in user (a session cookie) sees private pages.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous reader pages ignore cookies (a CSRF cookie, analytics).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_fetch {
    # The stale copy served after a failed fetch (vcl_deliver) asks the app
    # no second time.
    if (bereq.is_bgfetch && bereq.http.X-Akhbar-Stale-If-Error) {
        return (abandon);
    }
    set bereq.backend = akhbar_fetch;
    # When this fetch began, for vcl_backend_error.
    set bereq.http.X-Akhbar-Fetch-Started = std.real(time=now);
}

sub vcl_backend_response {
    # For bans by URL without the ban lurker needing req.*.
    set beresp.http.X-Url = bereq.url;
    # When the fetch that made this object began and ended (Unix times), and
    # whether it ran in the background for a reader served a stale copy:
    # shown with X-Akhbar-Debug (bench/load.py's breakdown of publish → seen).
    set beresp.http.X-Akhbar-Fetch = bereq.http.X-Akhbar-Fetch-Started + " " +
        std.real(time=now);
    if (bereq.is_bgfetch) {
        set beresp.http.X-Akhbar-Fetch = beresp.http.X-Akhbar-Fetch + " background";
    }
    # Serve stale while refetching, and for a day when the app is down.
    set beresp.grace = 24h;
    # Only what the app says may be shared is cached (not a 404 without
    # Cache-Control, which Varnish would otherwise keep for two minutes).
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store" ||
        !beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        if (beresp.status >= 500) {
            # The app failed a page. A delivered object, even a hit-for-miss
            # one with no lifetime, would replace the stale copy: abandoned
            # when it was to renew one, so readers keep the stale copy
            # (stale-if-error) rather than the app's error page for the
            # hit-for-miss object's two minutes. That is a background fetch
            # of a page in grace, or the fetch that replaces a page stale
            # from birth (vcl_synth looks the stale copy up again).
            if (bereq.is_bgfetch || bereq.http.X-Akhbar-Fresh-Only) {
                return (abandon);
            }
            # A page with no copy to serve: the app's error page, and the
            # next readers wait for one fetch again a second later, not
            # each send the app their own request for two minutes.
            set beresp.ttl = 1s;
            set beresp.grace = 0s;
        }
        return (deliver);
    }
    # A page the app sent already stale (max-age=0, s-maxage=0: it was read
    # across a change, akhbar.core.responsecache) may show what the change
    # replaced. Varnish 7 never serves an object stored with no TTL, not even
    # when the app is down, and hands it to none of the readers that waited
    # for its fetch: each of them fetches the page again, one after another.
    # Kept for a millisecond instead, it goes to the readers that were
    # waiting for it (they asked before it was made), and then stays in grace
    # for when the app is down; vcl_hit keeps it from the readers that come
    # later while the app is up.
    if (beresp.ttl <= 0s) {
        set beresp.ttl = 1ms;
        set beresp.http.X-Akhbar-Stale-At-Birth = "1";
    }
    return (deliver);
}

sub vcl_backend_error {
    # A page fetch that failed at once, with no answer (the worker holding
    # the connection was killed or restarted: reset, closed) is tried once
    # more on a new connection, which a live worker takes. Not one that failed
    # by waiting (first_byte_timeout: the app is still rendering it, a second
    # request would only add to its work) nor one with a body (a POST).
    if (bereq.retries == 0 && bereq.method == "GET" &&
            std.real(time=now) - std.real(bereq.http.X-Akhbar-Fetch-Started, 0) < 2) {
        return (retry);
    }
    # Nothing stale to serve: a short plain error.
    set beresp.http.Cache-Control = "no-store";
}

sub vcl_hit {
    # A page that was stale when it was stored (vcl_backend_response) is not
    # served stale while the app is up: the request starts again without
    # grace, and waits for the fetch under way or makes one.
    if (obj.ttl <= 0s && obj.http.X-Akhbar-Stale-At-Birth && req.restarts == 0 &&
            std.healthy(req.backend_hint)) {
        set req.http.X-Akhbar-Fresh-Only = "1";
        return (restart);
    }
    # How this request was answered, for X-Akhbar-Debug: a fresh copy, or a
    # stale one (in grace) while a fetch renews it.
    if (obj.ttl <= 0s) {
        set req.http.X-Akhbar-Served = "stale";
    } else {
        set req.http.X-Akhbar-Served = "hit";
    }
}

sub vcl_miss {
    if (req.http.X-Akhbar-Stale-If-Error) {
        # Back from a failed fetch, and the stale copy is gone meanwhile:
        # the error, without asking the app a second time.
        return (synth(503, "Service Unavailable"));
    }
    set req.http.X-Akhbar-Served = "miss";
}

sub vcl_pass {
    set req.http.X-Akhbar-Served = "pass";
}

sub stale_if_error {
    # The fetch that was to replace a page stale from birth (vcl_hit) failed:
    # the app died, and the probe has not seen it yet, or it failed this page
    # (an abandoned fetch comes here through vcl_synth). The stale copy beats
    # an error (stale-if-error): looked up again with the whole grace.
    if (resp.status >= 500 && req.http.X-Akhbar-Fresh-Only &&
            !req.http.X-Akhbar-Stale-If-Error) {
        set req.http.X-Akhbar-Stale-If-Error = "1";
        return (restart);
    }
}

sub vcl_synth {
    call stale_if_error;
}

sub vcl_deliver {
    call stale_if_error;
    unset resp.http.X-Url;
    # The keys and the fetch times are for this cache and its operators;
    # browsers need not see them.
    if (req.http.X-Akhbar-Debug) {
        set resp.http.X-Akhbar-Served = req.http.X-Akhbar-Served;
    } else {
        unset resp.http.Surrogate-Key;
        unset resp.http.X-Akhbar-Fetch;
        unset resp.http.X-Akhbar-Stale-At-Birth;
        unset resp.http.X-Akhbar-Read-At;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
