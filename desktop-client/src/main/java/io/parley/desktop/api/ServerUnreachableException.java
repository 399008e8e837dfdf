package io.parley.desktop.api;

/** No answer from the server (not running, wrong address, network down). */
public final class ServerUnreachableException extends RuntimeException {
    public ServerUnreachableException(String serverUrl, Throwable cause) {
        super("Cannot reach the Parley server at " + serverUrl + ". Check the address and that the server is running.", cause);
    }
}
