"""Admin: Wagtail's API token views (Settings → API tokens), with each token's
scopes and expiry.

Wagtail registers its own token views only with ``wagtail.api.v3`` installed;
Akhbar registers these in their place, under the same name, so Wagtail's
templates and links find them. Tokens are issued to any user by an
administrator (Wagtail's ``add_apitoken`` and ``change_user`` permissions,
which no newsroom role holds); the secret is shown once, on creation.
"""

from django import forms
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import APIToken
from wagtail.users.views import api_tokens

from .models import Scope, TokenGrant


class GrantFields(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("الصلاحيات"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "لا تمنح صلاحية فوق ما يسمح به دور المستخدم: مفتاح المساهم لا ينشر أبداً."
        ),
    )
    expires_at = forms.DateTimeField(
        label=_("ينتهي في"), required=False, widget=AdminDateTimeInput
    )
    source = TokenGrant._meta.get_field("source").formfield()


def grant_save(token: APIToken, data: dict) -> None:
    TokenGrant.objects.update_or_create(
        token=token,
        defaults={
            "scopes": list(data["scopes"]),
            "expires_at": data["expires_at"],
            "source": data["source"],
        },
    )


class CreateForm(api_tokens.APITokenForm):
    scopes = GrantFields.base_fields["scopes"]
    expires_at = GrantFields.base_fields["expires_at"]
    source = GrantFields.base_fields["source"]


class EditForm(WagtailAdminModelForm):
    scopes = GrantFields.base_fields["scopes"]
    expires_at = GrantFields.base_fields["expires_at"]
    source = GrantFields.base_fields["source"]

    class Meta:
        model = APIToken
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grant = TokenGrant.objects.filter(token=self.instance).first()
        if grant is not None:
            self.initial["scopes"] = grant.scopes
            self.initial["expires_at"] = grant.expires_at
            self.initial["source"] = grant.source

    def save(self, commit=True):
        token = super().save(commit=commit)
        grant_save(token, self.cleaned_data)
        return token


def token_title(token: APIToken) -> str:
    """Wagtail's ``str(token)``, "name (wagtail_Emdn…)", each part isolated
    (Unicode isolates, for the page's title, headings and messages are text):
    in a right-to-left page the ellipsis after the Latin prefix would stand
    before it, «(…wagtail_Emdn)», and a Latin name would pull the brackets."""
    return "\u2068%s\u2069 (\u2066%s…\u2069)" % (token.name, token.prefix)


class TokenTitleMixin:
    """The edit and revoke pages' title, breadcrumb and heading name the token
    by ``token_title``."""

    def get_page_subtitle(self):
        return token_title(self.object)


class EditView(TokenTitleMixin, api_tokens.EditView):
    def get_success_message(self):
        message = super().get_success_message()
        return message and message.replace(str(self.object), token_title(self.object))


class RevokeView(TokenTitleMixin, api_tokens.RevokeView):
    pass


class CreateView(api_tokens.CreateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        grant_save(self.object, form.cleaned_data)
        return response


class TokenPaginator(WagtailPaginator):
    """Wagtail writes the count under the list as "1 API token" / "N API
    tokens", with no plural forms; Arabic has six."""

    @cached_property
    def items_count_label(self):
        return ngettext("مفتاح API واحد", "%(count)s مفتاح API", self.count) % {
            "count": self.count
        }


class IndexView(api_tokens.IndexView):
    paginator_class = TokenPaginator


class APITokenViewSet(api_tokens.APITokenViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = RevokeView

    def get_form_class(self, for_update=False):
        return EditForm if for_update else CreateForm


@hooks.register("register_admin_viewset")
def register_api_tokens():
    return APITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")


@hooks.register("insert_global_admin_css")
def token_admin_css():
    """Tap targets of the token pages on phones (the secret's copy button)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("akhbar_api/admin.css")
    )
