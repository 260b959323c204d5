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
            if (std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" +
                    regsuball(req.http.X-Keys, " +", "|") + ")([[:space:]]|$)")) {
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
    # as long as the object's grace (a day) when the app is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
        # A live story's changes: never a stale copy while the app answers (a
        # stale one would put readers a poll behind, past the 5 s promise);
        # readers asking at once still wait on one fetch.
        if (req.url ~ "^/live/[0-9]+/updates\.json") {
            set req.grace = 0s;
        }
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
    set bereq.backend = akhbar_fetch;
    # When this fetch began, for vcl_backend_error.
    set bereq.http.X-Akhbar-Fetch-Started = std.real(time=now);
}

sub vcl_backend_response {
    # For bans by URL without the ban lurker needing req.*.
    set beresp.http.X-Url = bereq.url;
    # Serve stale while refetching, and for a day when the app is down.
    set beresp.grace = 24h;
    # Only what the app says may be shared is cached (not a 404 without
    # Cache-Control, which Varnish would otherwise keep for two minutes).
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store" ||
        !beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
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

sub vcl_deliver {
    unset resp.http.X-Url;
    # The keys are for this cache; browsers need not see them.
    if (!req.http.X-Akhbar-Debug) {
        unset resp.http.Surrogate-Key;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
