"""Settings: the typed settings object, its QSettings store and the settings dialog."""
