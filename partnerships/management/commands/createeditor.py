import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerships.services import editor_create


class Command(BaseCommand):
    help = (
        "Create an editor: an account that signs in to /admin/ and curates records "
        "as a member of the Editors group. The password is asked for, or read from "
        "the EDITOR_PASSWORD environment variable."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", help="Login name (asked for if omitted).")
        parser.add_argument("--email", default="", help="E-mail address (optional).")

    def handle(self, *args, **options) -> None:
        username = options["username"] or input("Username: ").strip()
        if not username:
            raise CommandError("--username: give a login name for the editor.")
        password = os.environ.get("EDITOR_PASSWORD") or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(f"password: {' '.join(error.messages)}") from error
        try:
            editor = editor_create(
                username=username, email=options["email"], password=password
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Editor {username!r} created: sign in at http://127.0.0.1:8000/admin/"
            )
        )
        self.stdout.write(
            f"API token (send as 'Authorization: Token <key>'): {editor.auth_token.key}"
        )
