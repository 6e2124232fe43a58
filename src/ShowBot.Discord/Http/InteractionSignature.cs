using System.Text;

using Microsoft.Extensions.Options;

using NSec.Cryptography;

namespace ShowBot.Discord.Http;

/// <summary>
/// Checks that an interaction came from Discord, as its docs require before anything else is read: the
/// <c>X-Signature-Ed25519</c> header is the hex Ed25519 signature, by the application's key, of the
/// <c>X-Signature-Timestamp</c> header followed by the raw body. Discord puts no age limit on the timestamp and neither
/// does ShowBot: a replayed interaction is answered once, by its id.
/// </summary>
internal sealed class InteractionSignature(IOptions<DiscordOptions> options)
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly PublicKey key = PublicKey.Import(Ed25519, options.Value.PublicKeyBytes, KeyBlobFormat.RawPublicKey);

    /// <summary>Whether <paramref name="signature"/> signs <paramref name="timestamp"/> + <paramref name="body"/>; false when either header is missing or malformed.</summary>
    public bool Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || signature is not { Length: 2 * 64 })
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (Convert.FromHexString(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var prefix = Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(prefix));
        return Ed25519.Verify(key, signed, given);
    }
}
