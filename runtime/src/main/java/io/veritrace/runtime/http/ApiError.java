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

  static ApiError modelNotFound(String model, String served) {
    return new ApiError(404, "invalid_request_error", "model_not_found", "model",
        "The model '" + model + "' does not exist or you do not have access to it. This server serves '" + served + "'.");
  }

  /** The model server behind Veritrace failed: OpenAI's server-side type, with a code that says which side. */
  static ApiError upstream(String message) {
    return new ApiError(502, "server_error", "model_unavailable", null, message);
  }

  static ApiError timeout(String message) {
    return new ApiError(504, "server_error", "model_timeout", null, message);
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
