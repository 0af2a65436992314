"""Project middleware."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than REQUEST_MAX_BYTES, with 413.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files; this caps the
    whole body before anything reads it. A body without a Content-Length is read as empty by
    Django's WSGI handler, so the header is all there is to check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """The interface language: Indonesian unless the person chose English with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officers'
    phones are set to English while the product is meant to speak Indonesian to them. Only the
    choice made with the switch (`set_language`, kept in the language cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
