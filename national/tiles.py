"""The 31 zorgkantoorregio's as tiles laid out roughly as the country: (column, row) from the
north-west, with the short name written on the tile. A region whose zorgkantoorregio is not one
of these still counts everywhere else; the map lists it under its data table."""

# name: (column, row, short name)
CARE_OFFICE_TILES = {
    "Noord-Holland Noord": (1, 0, "NH-Noord"),
    "Friesland": (3, 0, "Friesland"),
    "Groningen": (4, 0, "Groningen"),
    "Kennemerland": (0, 1, "Kennemerland"),
    "Zaanstreek/Waterland": (1, 1, "Zaanstreek"),
    "Flevoland": (3, 1, "Flevoland"),
    "Drenthe": (4, 1, "Drenthe"),
    "Amstelland en de Meerlanden": (0, 2, "Amstelland"),
    "Amsterdam": (1, 2, "Amsterdam"),
    "'t Gooi": (2, 2, "’t Gooi"),
    "Zwolle": (3, 2, "Zwolle"),
    "Twente": (4, 2, "Twente"),
    "Zuid-Holland Noord": (0, 3, "ZH-Noord"),
    "Midden-Holland": (1, 3, "Midden-Holland"),
    "Utrecht": (2, 3, "Utrecht"),
    "Apeldoorn/Zutphen e.o.": (3, 3, "Apeldoorn"),
    "Midden-IJssel": (4, 3, "Midden-IJssel"),
    "Haaglanden": (0, 4, "Haaglanden"),
    "Delft Westland Oostland": (1, 4, "Delft e.o."),
    "Waardenland": (2, 4, "Waardenland"),
    "Arnhem": (3, 4, "Arnhem"),
    "Zuid-Hollandse Eilanden": (0, 5, "ZH-Eilanden"),
    "Rotterdam": (1, 5, "Rotterdam"),
    "Noordoost-Brabant": (2, 5, "NO-Brabant"),
    "Nijmegen": (3, 5, "Nijmegen"),
    "Zeeland": (0, 6, "Zeeland"),
    "West-Brabant": (1, 6, "W-Brabant"),
    "Midden-Brabant": (2, 6, "M-Brabant"),
    "Zuidoost-Brabant": (3, 6, "ZO-Brabant"),
    "Noord- en Midden-Limburg": (4, 6, "N/M-Limburg"),
    "Zuid-Limburg": (4, 7, "Z-Limburg"),
}
