package io.parley.model.identity;

public record RefreshRequest(String refreshToken) {
}
