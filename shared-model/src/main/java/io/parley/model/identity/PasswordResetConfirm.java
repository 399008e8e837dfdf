package io.parley.model.identity;

public record PasswordResetConfirm(String token, String password) {
}
