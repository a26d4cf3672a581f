"""The records' content in three languages (django-modeltranslation)."""

# The records' names and summaries in each language (projects/translation.py):
# name_en, name_ur, name_zh_hans beside each translated field. English is required
# and is what every lookup, ordering, export and API value uses; a page shows the
# reader's language, or the English marked as such (templatetags/translated.py).
MODELTRANSLATION_LANGUAGES = ("en", "ur", "zh-hans")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
