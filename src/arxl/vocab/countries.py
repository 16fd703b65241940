"""The countries whose law arxl knows for late-payment penalties, as an owner may write them in
Paramètres (`Pays`), folded (vocab.fold)."""

# folded country name or code -> penalty profile (rules.penalties.Profile values)
COUNTRY_PROFILES = {
    "fr": "fr",
    "france": "fr",
    "uk": "uk",
    "gb": "uk",
    "royaumeuni": "uk",
    "unitedkingdom": "uk",
    "angleterre": "uk",
    "england": "uk",
}
