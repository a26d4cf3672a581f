"""The libraries' messages an API client meets, gathered into our catalogues.

Django REST framework ships no Urdu catalogue, and Django's own Urdu one lacks
the plural length and digit messages; so a 401, a 405 or a field's 400 would
stay English at ?lang=ur. Marking the libraries' exact message ids here makes
`make catalogues` collect them into locale/, whose catalogue is read before the
libraries' own (LOCALE_PATHS): the Urdu and the Chinese come from there.

Each id is the library's byte for byte, placeholders included (DRF formats
{wait}, {max_length} and the like after translating). Nothing here is called
at run time: the module is imported by no one, and only makemessages reads it.
tests/api/test_messages_languages.py sends the failing requests and checks the
answers.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# rest_framework/exceptions.py: the errors of every view.
EXCEPTIONS = (
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    # Throttled translates the second sentence's two forms one at a time, each
    # with its own gettext, and then picks one by the wait: two plain ids.
    gettext_noop("Request was throttled."),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
)

# rest_framework/pagination.py
PAGINATION = (gettext_noop("Invalid page."),)

# knox/auth.py (the same ids as rest_framework/authentication.py's token class).
AUTHENTICATION = (
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop(
        "Invalid token header. Token string should not contain invalid characters."
    ),
    gettext_noop("Invalid token."),
    gettext_noop("User inactive or deleted."),
)

# rest_framework/serializers.py, relations.py and validators.py
SERIALIZERS = (
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),
    gettext_noop("Object with {slug_name}={value} does not exist."),
    gettext_noop("Invalid value."),
    gettext_noop("This field must be unique."),
    gettext_noop("The fields {field_names} must make a unique set."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
)

# rest_framework/fields.py ("This field is required." is Django's id too, and
# Django's catalogues translate it).
FIELDS = (
    gettext_noop("This field may not be null."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("String value too large."),
    gettext_noop("A valid number is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),
    gettext_noop(
        "Ensure that there are no more than {max_decimal_places} decimal places."
    ),
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the "
        "decimal point."
    ),
    gettext_noop(
        "Datetime has wrong format. Use one of these formats instead: {format}."
    ),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("This selection may not be empty."),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Value must be valid JSON."),
)

# django/core/validators.py, which the filters' form fields and the models'
# full_clean() use: Django's Urdu catalogue has neither these plurals nor the
# NUL message. ngettext_lazy only marks them (the third argument is the name
# of the number in the message's values); nothing is translated here.
VALIDATORS = (
    gettext_noop("Null characters are not allowed."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has "
        "%(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has "
        "%(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has "
        "%(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has "
        "%(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
    ),
)
