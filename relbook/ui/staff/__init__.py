"""Staff at the till: the team dialogs and table, the lock screen, the signed-in session."""
