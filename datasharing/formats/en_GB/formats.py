"""One way of writing dates on every page: "1 December 2027", and with a time
"1 December 2027, 14:05" (UK time). Templates use ``|date`` and
``|date:"DATETIME_FORMAT"``; open data and the ledger's machine columns keep ISO 8601."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
