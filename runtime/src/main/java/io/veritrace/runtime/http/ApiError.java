package io.veritrace.runtime.http;

/**
 * An error answered in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, so
 * clients written for OpenAI report it as they would any other.
 */
record ApiError(int status, String type, String code, String param, String message) {

  static ApiError invalid(String param, String message) {
    return new ApiError(400, "invalid_request_error", null, param, message);
  }

  static ApiError tooLarge(String message) {
    return new ApiError(413, "invalid_request_error", "request_too_large", null, message);
  }

  static ApiError unauthorized() {
    return new ApiError(401, "invalid_request_error", "invalid_api_key",
        null, "Incorrect or missing API key: send 'Authorization: Bearer <key>' with a key this server is configured with.");
  }

  static ApiError upstream(String message) {
    return new ApiError(502, "upstream_error", "model_unavailable", null, message);
  }

  static ApiError timeout(String message) {
    return new ApiError(504, "timeout_error", "model_timeout", null, message);
  }

  /** Thrown while reading a request; the server answers it. */
  static final class Raised extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ApiError error;

    Raised(ApiError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  Raised raise() {
    return new Raised(this);
  }
}
