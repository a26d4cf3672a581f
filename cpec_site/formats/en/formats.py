"""ISO 8601 dates for English (en-gb and en-us): YYYY-MM-DD in and out.

The data is about dates sources give to the day, month or year; 03/04/2016 reads
as March in one country and April in another, so the admin's inputs, the
calendar widget (it takes the first input format) and every default display use
the one unambiguous form. Pages that format a date themselves are unaffected.
"""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
