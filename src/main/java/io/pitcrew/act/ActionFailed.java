package io.pitcrew.act;

/** An action could not be planned or applied for a reason outside pitcrew: the API server refused or was gone. */
public class ActionFailed extends RuntimeException {
    public ActionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
