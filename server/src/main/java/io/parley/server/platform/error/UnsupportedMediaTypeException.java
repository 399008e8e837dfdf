package io.parley.server.platform.error;

import io.helidon.http.Status;

/** 415: a file type WhatsApp (or Parley) does not take. */
public final class UnsupportedMediaTypeException extends ApiException {
    public UnsupportedMediaTypeException(String detail) {
        super(Status.UNSUPPORTED_MEDIA_TYPE_415, "https://parley.io/problems/unsupported-media-type",
                "Unsupported media type", detail);
    }
}
