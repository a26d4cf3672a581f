"""Chinese figures grouped in thousands with a comma, as the pages' own numbers are
(projects/numbers.py): a kilometre total then reads like a megawatt total beside
it. The rest of the formats are Django's for this language."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
