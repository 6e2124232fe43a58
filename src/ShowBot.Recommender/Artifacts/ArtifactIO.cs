using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShowBot.Recommender.Artifacts;

/// <summary>Length-prefixed little-endian arrays for model payloads, checked against the bytes that remain.</summary>
internal static class ArtifactIO
{
    public static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        WriteArray(writer, (ReadOnlySpan<T>)values);
    }

    public static int[] ReadIntArray(BinaryReader reader)
    {
        return ReadArray<int>(reader);
    }

    public static float[] ReadFloatArray(BinaryReader reader)
    {
        return ReadArray<float>(reader);
    }

    public static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        var bytes = (long)length * Unsafe.SizeOf<T>();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || bytes > remaining)
        {
            throw new ModelFormatException($"An array of {length} {typeof(T).Name} values does not fit in the {remaining} bytes left in the artifact.");
        }

        var values = new T[length];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
