package io.parley.desktop.api;

/** The session cannot be renewed (signed out elsewhere, deactivated, refresh token expired): sign in again. */
public final class SessionExpiredException extends ApiException {
    public SessionExpiredException(String message) {
        super(401, message, null);
    }
}
