package io.parley.model.identity;

public record InvitationAccept(String token, String name, String password) {
}
