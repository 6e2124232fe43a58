using System.Globalization;
using System.Text;

using Microsoft.Extensions.Options;

using NSec.Cryptography;

namespace ShowBot.Discord.Http;

/// <summary>The result of checking a posted interaction's signature.</summary>
internal enum SignatureCheck
{
    Valid,
    MissingHeaders,
    Stale,
    Mismatch,
}

/// <summary>
/// Checks that an interaction came from Discord, as its docs require before anything else is read: the
/// <c>X-Signature-Ed25519</c> header is the hex Ed25519 signature, by the application's key, of the
/// <c>X-Signature-Timestamp</c> header (Unix seconds) followed by the raw body. Discord's docs set no age limit on the
/// timestamp; ShowBot refuses one more than <see cref="RecentInteractions.Memory"/> from its clock, so that a captured
/// request replayed later is refused here and one replayed sooner is answered once by <see cref="RecentInteractions"/>.
/// </summary>
internal sealed class InteractionSignature(IOptions<DiscordOptions> options, TimeProvider time)
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly PublicKey key = PublicKey.Import(Ed25519, options.Value.PublicKeyBytes, KeyBlobFormat.RawPublicKey);

    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.MissingHeaders;
        }

        // Compared without arithmetic on the sender's number, which may be anything.
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)RecentInteractions.Memory.TotalSeconds;
        if (seconds < now - window || seconds > now + window)
        {
            return SignatureCheck.Stale;
        }

        Span<byte> given = stackalloc byte[64];
        if (signature.Length != 2 * given.Length
            || Convert.FromHexString(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return SignatureCheck.Mismatch;
        }

        var signed = new byte[timestamp.Length + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(timestamp.Length));
        return Ed25519.Verify(key, signed, given) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}
