using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// The register-blocked product every dense float32 kernel here is built on: a <see cref="Rows"/> × <see cref="Columns"/>
/// tile of a product of a row panel and a packed column panel, every sum kept in a register over the shared dimension.
/// The hot methods are compiled optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): a
/// training run is seconds of a few loops, too short for tiered compilation to catch up with them.
/// </summary>
internal static class TileKernel
{
    /// <summary>Rows of a tile.</summary>
    public const int Rows = 8;

    /// <summary>Columns of a tile.</summary>
    public const int Columns = 32;

    /// <summary>Floats <see cref="Pack"/> writes for <paramref name="width"/> rows of <paramref name="columns"/> columns.</summary>
    public static int PackedLength(int width, int columns) => (columns + Columns - 1) / Columns * width * Columns;

    /// <summary>
    /// Packs the first <paramref name="columns"/> columns of the <paramref name="width"/> rows of
    /// <paramref name="matrix"/> (rows <paramref name="stride"/> apart) in the kernel's order into
    /// <paramref name="packed"/>: for each block of <see cref="Columns"/> columns, row by row, the block's values side
    /// by side; columns past the last are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(ReadOnlySpan<float> matrix, int width, int columns, int stride, Span<float> packed)
    {
        packed = packed[..PackedLength(width, columns)];
        packed.Clear();
        for (var t = 0; t < width; t++)
        {
            var row = matrix.Slice(t * stride, columns);
            for (var column = 0; column < columns; column += Columns)
            {
                row.Slice(column, Math.Min(Columns, columns - column)).CopyTo(packed[((column * width) + (t * Columns))..]);
            }
        }
    }

    /// <summary>
    /// Σₜ scaled[r, t] · packed[t, c] for r &lt; <see cref="Rows"/> and c &lt; <see cref="Columns"/>, stored into
    /// <paramref name="target"/> (rows <paramref name="stride"/> apart) or, when <paramref name="subtract"/>, subtracted
    /// from it. <paramref name="scaled"/> holds <see cref="Rows"/> rows of <paramref name="width"/> values one after the
    /// other; <paramref name="packed"/> holds <paramref name="width"/> rows of <see cref="Columns"/> values. Nothing is
    /// checked: the caller sizes every span.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width, Span<float> target, int stride, bool subtract)
    {
        // One kernel per vector width: 512-bit where the processor runs it natively, else the platform's Vector<T>.
        if (Vector512.IsHardwareAccelerated)
        {
            Kernel512(scaled, packed, width, target, stride, subtract);
            return;
        }

        Span<float> sums = stackalloc float[Rows * Columns];
        KernelPortable(scaled, packed, width, sums);
        for (var r = 0; r < Rows; r++)
        {
            var cells = target.Slice(r * stride, Columns);
            if (subtract)
            {
                TensorPrimitives.Subtract(cells, sums.Slice(r * Columns, Columns), cells);
            }
            else
            {
                sums.Slice(r * Columns, Columns).CopyTo(cells);
            }
        }
    }

    /// <remarks>
    /// Each scaled row is read through a reference of its own, advanced with one shared index, and the packed panel
    /// through a reference advanced a row at a time, so the loop body is loads and fused multiply-adds with almost no
    /// address arithmetic: with indices computed per load the processor spent a quarter of its time on them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width, Span<float> target, int stride, bool subtract)
    {
        ref var x0 = ref MemoryMarshal.GetReference(scaled);
        ref var x1 = ref Unsafe.Add(ref x0, width);
        ref var x2 = ref Unsafe.Add(ref x1, width);
        ref var x3 = ref Unsafe.Add(ref x2, width);
        ref var x4 = ref Unsafe.Add(ref x3, width);
        ref var x5 = ref Unsafe.Add(ref x4, width);
        ref var x6 = ref Unsafe.Add(ref x5, width);
        ref var x7 = ref Unsafe.Add(ref x6, width);
        ref var p = ref MemoryMarshal.GetReference(packed);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (nint t = 0; t < width; t++)
        {
            var b0 = Vector512.LoadUnsafe(ref p);
            var b1 = Vector512.LoadUnsafe(ref p, 16);
            p = ref Unsafe.Add(ref p, Columns);
            var v = Vector512.Create(Unsafe.Add(ref x0, t));
            c00 = Vector512.FusedMultiplyAdd(v, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(v, b1, c01);
            v = Vector512.Create(Unsafe.Add(ref x1, t));
            c10 = Vector512.FusedMultiplyAdd(v, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(v, b1, c11);
            v = Vector512.Create(Unsafe.Add(ref x2, t));
            c20 = Vector512.FusedMultiplyAdd(v, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(v, b1, c21);
            v = Vector512.Create(Unsafe.Add(ref x3, t));
            c30 = Vector512.FusedMultiplyAdd(v, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(v, b1, c31);
            v = Vector512.Create(Unsafe.Add(ref x4, t));
            c40 = Vector512.FusedMultiplyAdd(v, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(v, b1, c41);
            v = Vector512.Create(Unsafe.Add(ref x5, t));
            c50 = Vector512.FusedMultiplyAdd(v, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(v, b1, c51);
            v = Vector512.Create(Unsafe.Add(ref x6, t));
            c60 = Vector512.FusedMultiplyAdd(v, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(v, b1, c61);
            v = Vector512.Create(Unsafe.Add(ref x7, t));
            c70 = Vector512.FusedMultiplyAdd(v, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(v, b1, c71);
        }

        ref var row = ref MemoryMarshal.GetReference(target);
        Finish(ref row, c00, c01, subtract);
        Finish(ref Unsafe.Add(ref row, stride), c10, c11, subtract);
        Finish(ref Unsafe.Add(ref row, 2 * stride), c20, c21, subtract);
        Finish(ref Unsafe.Add(ref row, 3 * stride), c30, c31, subtract);
        Finish(ref Unsafe.Add(ref row, 4 * stride), c40, c41, subtract);
        Finish(ref Unsafe.Add(ref row, 5 * stride), c50, c51, subtract);
        Finish(ref Unsafe.Add(ref row, 6 * stride), c60, c61, subtract);
        Finish(ref Unsafe.Add(ref row, 7 * stride), c70, c71, subtract);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(ref float row, Vector512<float> left, Vector512<float> right, bool subtract)
    {
        if (subtract)
        {
            left = Vector512.LoadUnsafe(ref row) - left;
            right = Vector512.LoadUnsafe(ref row, 16) - right;
        }

        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 16);
    }

    /// <summary>sums[r, c] = Σₜ scaled[r, t] · packed[t, c] in the platform's <see cref="Vector{T}"/>, four rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelPortable(ReadOnlySpan<float> scaled, ReadOnlySpan<float> packed, int width, Span<float> sums)
    {
        ref var x = ref MemoryMarshal.GetReference(scaled);
        ref var p = ref MemoryMarshal.GetReference(packed);
        ref var output = ref MemoryMarshal.GetReference(sums);
        var lanes = Vector<float>.Count;
        for (var r = 0; r < Rows; r += 4)
        {
            ref var rows = ref Unsafe.Add(ref x, r * width);
            for (var c = 0; c < Columns; c += lanes)
            {
                Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (var t = 0; t < width; t++)
                {
                    var b = Vector.LoadUnsafe(ref p, (nuint)((t * Columns) + c));
                    s0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, t)), b, s0);
                    s1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, width + t)), b, s1);
                    s2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, (2 * width) + t)), b, s2);
                    s3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref rows, (3 * width) + t)), b, s3);
                }

                ref var sums0 = ref Unsafe.Add(ref output, r * Columns);
                s0.StoreUnsafe(ref sums0, (nuint)c);
                s1.StoreUnsafe(ref sums0, (nuint)(Columns + c));
                s2.StoreUnsafe(ref sums0, (nuint)((2 * Columns) + c));
                s3.StoreUnsafe(ref sums0, (nuint)((3 * Columns) + c));
            }
        }
    }
}
