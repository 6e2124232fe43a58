using System.Text;

using LiteDB;

namespace ShowBot.Storage.Tests;

/// <summary>Damages a closed LiteDB 5 file the way a bad disk does: bytes flipped in pages of one collection.</summary>
internal static class PageDamage
{
    private const int PageSize = 8192;
    private const int CollectionsOffset = 192;
    private const int PageTypeOffset = 4;
    private const int CollectionIdOffset = 19;
    private const byte DataPage = 4;

    /// <summary>The ids of the data pages holding <paramref name="collection"/>'s documents.</summary>
    public static IReadOnlyList<int> DataPagesOf(string path, string collection)
    {
        var bytes = File.ReadAllBytes(path);
        var collections = BsonSerializer.Deserialize(bytes.AsSpan(CollectionsOffset, BitConverter.ToInt32(bytes, CollectionsOffset)).ToArray());
        var collectionPage = (uint)collections[collection].AsInt32;
        return Enumerable.Range(0, bytes.Length / PageSize)
            .Where(p => bytes[(p * PageSize) + PageTypeOffset] == DataPage && BitConverter.ToUInt32(bytes, (p * PageSize) + CollectionIdOffset) == collectionPage)
            .ToList();
    }

    /// <summary>Flips <paramref name="count"/> bytes of the page headers of <paramref name="collection"/>'s data pages, from the page type on.</summary>
    public static void FlipHeaderBytes(string path, string collection, int count = 1)
    {
        var pages = DataPagesOf(path, collection);
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        for (var i = 0; i < count; i++)
        {
            FlipByte(file, ((long)pages[i % pages.Count] * PageSize) + PageTypeOffset + (i / pages.Count));
        }
    }

    /// <summary>Flips the byte <paramref name="distance"/> bytes after <paramref name="marker"/> in <paramref name="collection"/>'s data pages: damage inside one document.</summary>
    public static void FlipByteAfter(string path, string collection, string marker, int distance)
    {
        var bytes = File.ReadAllBytes(path);
        var needle = Encoding.UTF8.GetBytes(marker);
        var (page, at) = DataPagesOf(path, collection).Select(p => (Page: p, At: bytes.AsSpan(p * PageSize, PageSize).IndexOf(needle))).Single(found => found.At >= 0);
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        FlipByte(file, ((long)page * PageSize) + at + distance);
    }

    private static void FlipByte(FileStream file, long offset)
    {
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xFF));
    }
}
