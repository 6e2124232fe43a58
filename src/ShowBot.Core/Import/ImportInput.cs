using System.IO.Compression;

using ShowBot.Recommender.Data;

namespace ShowBot.Core.Import;

/// <summary>Bytes read across all the files of one import, against their total size when known.</summary>
internal sealed class ByteMeter(long? totalBytes)
{
    public long BytesRead { get; private set; }

    public long? TotalBytes { get; } = totalBytes;

    public void Add(int count) => BytesRead += count;

    public static ByteMeter ForFiles(params string[] paths) => new(paths.Sum(p => new FileInfo(p).Length));

    public static ByteMeter ForStreams(params Stream[] streams) =>
        new(streams.All(s => s.CanSeek) ? streams.Sum(s => s.Length - s.Position) : null);

    public ImportProgress Progress(string stage, long rowsRead) => new(stage, BytesRead, TotalBytes, rowsRead);
}

/// <summary>
/// One import file opened for reading: the raw bytes are counted (so progress is real, and counts compressed
/// bytes for a .gz), gzip is detected by the <c>.gz</c> extension or the gzip magic bytes, and the text is read by
/// a <see cref="LineReader"/> (bounded lines, strict UTF-8, byte order mark dropped).
/// </summary>
internal sealed class ImportInput : IDisposable
{
    private const int BufferSize = 1 << 16;

    private ImportInput(LineReader reader) => Reader = reader;

    /// <summary>The file name, as shown in progress and problems.</summary>
    public string Name => Reader.Name;

    public LineReader Reader { get; }

    public static ImportInput OpenFile(string path, ByteMeter meter)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            return Open(Path.GetFileName(path), new CountingStream(file, meter, leaveOpen: false), gzip);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads a stream the caller owns: it is not disposed.</summary>
    public static ImportInput OpenStream(Stream stream, string name, ByteMeter meter) =>
        Open(name, new CountingStream(stream, meter, leaveOpen: true), gzip: false);

    private static ImportInput Open(string name, CountingStream counted, bool gzip)
    {
        var magic = counted.Peek(2);
        Stream text = gzip || (magic.Length == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            ? new GZipStream(counted, CompressionMode.Decompress, leaveOpen: false)
            : counted;
        return new ImportInput(new LineReader(text, name));
    }

    public void Dispose() => Reader.Dispose();

    /// <summary>A read-only pass-through that counts bytes and can peek at the first bytes of a non-seekable stream.</summary>
    private sealed class CountingStream(Stream inner, ByteMeter meter, bool leaveOpen) : Stream
    {
        private byte[] pushback = [];
        private int pushbackOffset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>Reads up to <paramref name="count"/> bytes ahead; they are returned again by the next reads.</summary>
        public ReadOnlySpan<byte> Peek(int count)
        {
            var buffer = new byte[count];
            var filled = 0;
            while (filled < count && inner.Read(buffer, filled, count - filled) is > 0 and var read)
            {
                filled += read;
            }

            meter.Add(filled);
            pushback = buffer[..filled];
            pushbackOffset = 0;
            return pushback;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (TakePushback(buffer) is > 0 and var fromPushback)
            {
                return fromPushback;
            }

            var read = inner.Read(buffer);
            meter.Add(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (TakePushback(buffer.Span) is > 0 and var fromPushback)
            {
                return fromPushback;
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            meter.Add(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int TakePushback(Span<byte> buffer)
        {
            var available = pushback.Length - pushbackOffset;
            if (available <= 0 || buffer.IsEmpty)
            {
                return 0;
            }

            var count = Math.Min(available, buffer.Length);
            pushback.AsSpan(pushbackOffset, count).CopyTo(buffer);
            pushbackOffset += count;
            return count;
        }
    }
}
