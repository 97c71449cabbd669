"""Stories: copies of one article (wire copy republished, abridged, re-headlined) grouped under one id."""
