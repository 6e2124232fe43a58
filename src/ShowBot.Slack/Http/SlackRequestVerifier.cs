using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Options;

namespace ShowBot.Slack.Http;

/// <summary>The result of checking a request's Slack signature.</summary>
internal enum SignatureCheck
{
    Valid,
    MissingHeaders,
    Stale,
    Mismatch,
}

/// <summary>
/// Checks that a request came from Slack: <c>X-Slack-Signature</c> must be <c>v0=</c> + hex(HMAC-SHA256(signing secret,
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>)), compared in constant time, and the timestamp must be within five
/// minutes of now (so a captured request cannot be replayed later).
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const string Version = "v0";

    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.SigningSecret);

    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.MissingHeaders;
        }

        // Compared without arithmetic on the sender's number, which may be anything.
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)Window.TotalSeconds;
        if (seconds < now - window || seconds > now + window)
        {
            return SignatureCheck.Stale;
        }

        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal) || signature.Length != Version.Length + 1 + (2 * HMACSHA256.HashSizeInBytes))
        {
            return SignatureCheck.Mismatch;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(signature.AsSpan(Version.Length + 1), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return SignatureCheck.Mismatch;
        }

        var prefix = Encoding.ASCII.GetBytes($"{Version}:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, signed, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}
