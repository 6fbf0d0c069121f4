"""Editors register webhook endpoints and follow (and re-send) deliveries."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from webhooks.addresses import RefusedAddress, checked_target
from webhooks.delivery import delivery_resend
from webhooks.models import Attempt, Delivery, Endpoint, RecordType


class EndpointForm(forms.ModelForm):
    """The secret is typed, never shown back: left empty, it stays as it was."""

    secret = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        min_length=16,
        max_length=200,
        help_text="At least 16 characters, shared with the receiver. Leave empty "
        "to keep the current secret.",
    )
    record_types = forms.MultipleChoiceField(
        choices=RecordType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every kind of record.",
    )

    class Meta:
        model = Endpoint
        fields = [
            "url",
            "description",
            "secret",
            "record_types",
            "companies",
            "is_active",
        ]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            checked_target(url)
        except RefusedAddress as refused:
            raise forms.ValidationError(str(refused)) from None
        return url

    def clean_secret(self) -> str:
        secret = self.cleaned_data.get("secret") or ""
        if secret:
            return secret
        if self.instance.pk and self.instance.secret:
            return self.instance.secret
        raise forms.ValidationError("Give a secret of at least 16 characters.")


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "is_active", "secret_shown", "created_by"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    list_select_related = ["created_by"]
    autocomplete_fields = ["companies"]

    @admin.display(description="secret")
    def secret_shown(self, endpoint: Endpoint) -> str:
        return endpoint.secret_hint

    def save_model(self, request, endpoint, form, change) -> None:
        if not change:
            endpoint.created_by = request.user
        super().save_model(request, endpoint, form, change)


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = [
        "number",
        "at",
        "status_code",
        "error",
        "response_excerpt",
        "duration_ms",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "endpoint",
        "change_shown",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "updated_at",
    ]
    list_filter = ["status", "endpoint"]
    search_fields = ["endpoint__url", "change__slug", "last_error"]
    list_select_related = ["endpoint", "change"]
    readonly_fields = [
        "endpoint",
        "change",
        "status",
        "attempts",
        "round_start",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AttemptInline]
    actions = ["resend"]

    @admin.display(description="change")
    def change_shown(self, delivery: Delivery) -> str:
        change = delivery.change
        return f"#{change.pk} {change.type} {change.record_type} {change.slug}"

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Re-send the selected deliveries", permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet) -> None:
        deliveries = list(queryset)
        for delivery in deliveries:
            delivery_resend(delivery)
        self.message_user(
            request,
            f"{len(deliveries)} deliveries queued to be sent again.",
            messages.SUCCESS,
        )
