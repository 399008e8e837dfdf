package io.parley.model.identity;

/** Answer to register, login, refresh and invitation acceptance. */
public record Session(String accessToken, String refreshToken, User user, Org org) {
}
