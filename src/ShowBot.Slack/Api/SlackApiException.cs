namespace ShowBot.Slack.Api;

/// <summary>A Web API call that Slack answered with <c>ok:false</c> (or an HTTP failure); <see cref="Error"/> is Slack's error string.</summary>
internal sealed class SlackApiException(string method, string error, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}", inner)
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    /// <summary>Errors that mean the token itself is unusable: retrying or reconnecting cannot help.</summary>
    public bool IsAuthenticationFailure => Error is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "token_expired" or "missing_scope" or "not_allowed_token_type";
}
