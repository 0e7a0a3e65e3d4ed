"""Qt Linguist sources (``kiosk_<lang>.ts``) for the kiosk's fi, sv and en user interface."""
