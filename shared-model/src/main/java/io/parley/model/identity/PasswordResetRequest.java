package io.parley.model.identity;

public record PasswordResetRequest(String email) {
}
