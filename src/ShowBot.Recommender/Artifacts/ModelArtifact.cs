using System.Security.Cryptography;
using System.Text;

using ShowBot.Recommender.Data;
using ShowBot.Recommender.Models;

namespace ShowBot.Recommender.Artifacts;

/// <summary>
/// Saves and loads trained models in ShowBot's versioned binary artifact format.
/// </summary>
/// <remarks>
/// Layout, little-endian:
/// <list type="number">
/// <item>magic <c>SBRM</c> (4 bytes), format version (int32), body length in bytes (int64);</item>
/// <item>body: algorithm (length-prefixed UTF-8), parameter count and (name, double) pairs, item count and
/// external item ids, item like counts, then the algorithm's payload (factors, weights or neighbour lists);</item>
/// <item>SHA-256 of the body (32 bytes).</item>
/// </list>
/// The checksum is verified before anything in the body is parsed, so a damaged file is rejected whole.
/// </remarks>
public static class ModelArtifact
{
    /// <summary>The format version this build writes; it also reads <see cref="OldestReadableVersion"/> and later.</summary>
    public const int FormatVersion = 2;

    /// <summary>Format 1 differs in EASE's payload (a dense matrix instead of neighbour lists) and in item-kNN's (int32 ids and float32 weights).</summary>
    public const int OldestReadableVersion = 1;

    private const int HeaderLength = 16;
    private const int ChecksumLength = 32;
    private static readonly byte[] Magic = "SBRM"u8.ToArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically: to a temporary file first, then moved over the target,
    /// so a reader never sees half a file.
    /// </summary>
    public static void Save(FoldInModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (FileStream stream = new(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            Save(model, stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the model to a seekable stream (left open).</summary>
    public static void Save(FoldInModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        RequireLittleEndian();
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The artifact stream must be seekable: the body length is written after the body.", nameof(stream));
        }

        var start = stream.Position;
        using (BinaryWriter header = new(stream, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(Magic);
            header.Write(FormatVersion);
            header.Write(0L);
        }

        var bodyStart = stream.Position;
        using (BinaryWriter body = new(stream, Encoding.UTF8, leaveOpen: true))
        {
            WriteBody(body, model);
        }

        var bodyLength = stream.Position - bodyStart;
        stream.Position = bodyStart;
        var checksum = HashRange(stream, bodyLength);
        stream.Write(checksum);
        var end = stream.Position;
        stream.Position = start + 8;
        stream.Write(BitConverter.GetBytes(bodyLength));
        stream.Position = end;
    }

    /// <summary>Loads a model from <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file is truncated, corrupt, of another version or not an artifact.</exception>
    public static FoldInModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a model from a stream, from its current position to its end.</summary>
    /// <exception cref="ModelFormatException">The data is truncated, corrupt, of another version or not an artifact.</exception>
    public static FoldInModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        RequireLittleEndian();
        if (!stream.CanSeek)
        {
            MemoryStream buffered = new();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            stream = buffered;
        }

        var available = stream.Length - stream.Position;
        if (available < HeaderLength)
        {
            throw new ModelFormatException($"Model artifact is truncated: {available} bytes, shorter than the {HeaderLength}-byte header.");
        }

        using BinaryReader reader = new(stream, Encoding.UTF8, leaveOpen: true);
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new ModelFormatException($"Not a ShowBot model artifact: starts with {Convert.ToHexString(magic)}, expected {Convert.ToHexString(Magic)} ('SBRM').");
        }

        var version = reader.ReadInt32();
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new ModelFormatException($"Model artifact format version {version} is not supported; this build reads versions {OldestReadableVersion} to {FormatVersion}.");
        }

        var bodyLength = reader.ReadInt64();
        var following = available - HeaderLength;
        if (bodyLength < 0 || bodyLength + ChecksumLength > following)
        {
            throw new ModelFormatException($"Model artifact is truncated: the header announces a {bodyLength}-byte body and a {ChecksumLength}-byte checksum, but only {following} bytes follow.");
        }

        if (bodyLength + ChecksumLength < following)
        {
            throw new ModelFormatException($"Model artifact has {following - bodyLength - ChecksumLength} unexpected bytes after its checksum.");
        }

        var bodyStart = stream.Position;
        var actual = HashRange(stream, bodyLength);
        var expected = reader.ReadBytes(ChecksumLength);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            throw new ModelFormatException($"Model artifact is corrupt: the SHA-256 of its body is {Convert.ToHexString(actual)}, the file records {Convert.ToHexString(expected)}.");
        }

        stream.Position = bodyStart;
        try
        {
            var model = ReadBody(reader, version);
            if (stream.Position != bodyStart + bodyLength)
            {
                throw new ModelFormatException($"Model artifact body has {bodyStart + bodyLength - stream.Position} bytes the '{model.Algorithm}' payload does not account for.");
            }

            return model;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or ArgumentException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            throw new ModelFormatException($"Model artifact body does not parse: {exception.Message}", exception);
        }
    }

    private static void WriteBody(BinaryWriter writer, FoldInModel model)
    {
        writer.Write(model.Algorithm);
        writer.Write(model.Parameters.Count);
        foreach ((var name, var value) in model.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            writer.Write(value);
        }

        writer.Write(model.Items.Count);
        foreach (var id in model.Items.ExternalIds)
        {
            writer.Write(id);
        }

        ArtifactIO.WriteArray(writer, model.ItemLikeCounts);
        model.WritePayload(writer);
    }

    private static FoldInModel ReadBody(BinaryReader reader, int formatVersion)
    {
        var algorithm = reader.ReadString();
        var parameterCount = reader.ReadInt32();
        if (parameterCount is < 0 or > 1024)
        {
            throw new ModelFormatException($"Model artifact declares {parameterCount} parameters.");
        }

        SortedDictionary<string, double> parameters = new(StringComparer.Ordinal);
        for (var p = 0; p < parameterCount; p++)
        {
            var name = reader.ReadString();
            parameters.Add(name, reader.ReadDouble());
        }

        var itemCount = reader.ReadInt32();
        if (itemCount < 0 || itemCount > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new ModelFormatException($"Model artifact declares {itemCount} items, more than its remaining bytes could hold.");
        }

        var ids = new string[itemCount];
        for (var item = 0; item < itemCount; item++)
        {
            ids[item] = reader.ReadString();
        }

        ExternalIdMap items = new(ids);
        var likeCounts = ArtifactIO.ReadIntArray(reader);
        return algorithm switch
        {
            PopularityModel.AlgorithmName => new PopularityModel(items, likeCounts),
            ItemKnnModel.AlgorithmName => ItemKnnModel.ReadPayload(reader, items, likeCounts, parameters, formatVersion),
            ImplicitAlsModel.AlgorithmName => ImplicitAlsModel.ReadPayload(reader, items, likeCounts, parameters),
            EaseModel.AlgorithmName => EaseModel.ReadPayload(reader, items, likeCounts, parameters, formatVersion),
            _ => throw new ModelFormatException($"Model artifact holds unknown algorithm '{algorithm}'."),
        };
    }

    private static byte[] HashRange(Stream stream, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var remaining = length;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new ModelFormatException($"Model artifact ended {remaining} bytes before the end of its body.");
            }

            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }

        return hash.GetHashAndReset();
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Model artifacts store arrays as little-endian bytes.");
        }
    }
}
