using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// In-place inversion of a dense symmetric positive-definite matrix (float32) by the blocked sweep operator
/// (Goodnight 1979). Each sweep pivots on a block of <see cref="PivotBlock"/> rows: the block itself is inverted
/// in double precision, and the rest of the lower triangle takes a rank-<see cref="PivotBlock"/> update, computed by
/// <see cref="TileKernel"/> (a register-blocked tile, subtracted from the matrix in registers), rows in parallel. Only the lower triangle is read and written:
/// sweeping every pivot leaves −A⁻¹ there, which is what the caller gets (EASE needs only ratios of its entries, so a
/// pass to negate and mirror the matrix would be time spent for nothing). Every cell's arithmetic is the same whatever
/// the thread count, so the result is deterministic.
/// Two pivot blocks are swept per pass over the matrix (<see cref="SweepTwo"/>). No copy of the matrix is made:
/// besides it, the sweeps use about 6 · n · <see cref="PivotBlock"/> floats.
/// The hot methods are compiled optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): a
/// retraining run is seconds of a few loops, too short for tiered compilation to catch up with them.
/// </summary>
internal static class SymmetricInverse
{
    private const int PivotBlock = 128;
    private const int KernelRows = TileKernel.Rows;
    private const int KernelColumns = TileKernel.Columns;
    private const int RowsPerTask = 64;
    private const int PanelChunk = 64;
    private const int BlocksPerStrip = 8;

    /// <summary>
    /// Replaces the lower triangle (diagonal included) of the n × n row-major SPD <paramref name="matrix"/> with that of
    /// its negated inverse −A⁻¹; only the lower triangle is read, and cells above the diagonal are left meaningless. The
    /// parallel phases run on a <see cref="WorkerTeam"/> of <paramref name="parallel"/>'s degree (at most one worker a core);
    /// its cancellation is checked between sweeps.
    /// </summary>
    public static void InvertNegatedInPlace(float[] matrix, int n, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNotEqual(matrix.Length, checked(n * n));
        var width = Math.Min(PivotBlock, n);
        var paddedRows = RoundUp(n, KernelRows);
        var paddedColumns = RoundUp(n, KernelColumns);
        using WorkerTeam team = new(WorkerTeam.WorkersFor(parallel));
        Workspace workspace = new(
            First: NewPass(paddedRows, paddedColumns, width),
            Second: NewPass(paddedRows, paddedColumns, width),
            PivotInverse: new double[width * width],
            PackedPivotInverse: new float[RoundUp(width, KernelColumns) * width],
            Team: team);

        // Pivot blocks are swept two at a time: one pass over the matrix applies both updates to a tile while it is in
        // cache, so the n × n matrix is streamed from memory half as often (every sweep read and wrote all 68 MB of
        // the lower triangle on the anime ratings). Each cell takes the same operations in the same order as when
        // swept one block at a time, so the result is the same to the bit.
        var blockStart = 0;
        while (blockStart < n)
        {
            parallel.CancellationToken.ThrowIfCancellationRequested();
            var first = Math.Min(width, n - blockStart);
            var second = Math.Min(width, n - blockStart - first);
            if (second > 0)
            {
                SweepTwo(matrix, n, blockStart, first, second, workspace);
            }
            else
            {
                Sweep(matrix, n, blockStart, first, workspace);
            }

            blockStart += first + second;
        }
    }

    private static PassBuffers NewPass(int paddedRows, int paddedColumns, int width) =>
        new(Panel: new float[paddedRows * width], Packed: new float[paddedColumns * width], Scaled: new float[paddedRows * width]);

    private static void Sweep(float[] a, int n, int k0, int width, Workspace work)
    {
        Pass pass = new(work.First, k0, width);
        Prepare(a, n, pass, work);

        // A[i, j] −= scaled[i] · A[j, K] for j ≤ i, but for the pivot rows and columns, which are overwritten below
        // (updating them was 2·width/n of the kernel's work, 4 % on 5,820 items); cells above the diagonal are never
        // read. A row's work grows with its index, so the last rows go first: no large task is left for one core at
        // the end.
        var taskCount = (n + RowsPerTask - 1) / RowsPerTask;
        work.Team.Run(taskCount, order =>
        {
            var task = taskCount - 1 - order;
            UpdateRows(a, n, task * RowsPerTask, Math.Min(n, (task + 1) * RowsPerTask), before: null, pass);
        });

        Finish(a, n, pass, work);
    }

    /// <summary>
    /// Sweeps the pivot blocks K₁ and K₂ = the next one with one pass of the update over the matrix. The second
    /// sweep's panel is A₁[·, K₂], the matrix after the first sweep, so K₂'s rows and columns take the first update
    /// (and the first sweep's writes) before it is read; every other cell then takes both updates in one visit, one
    /// after the other, but K₁'s rows and columns, which hold the first sweep's writes and take the second update only.
    /// </summary>
    private static void SweepTwo(float[] a, int n, int k0, int firstWidth, int secondWidth, Workspace work)
    {
        Pass first = new(work.First, k0, firstWidth);
        Pass second = new(work.Second, first.End, secondWidth);
        Prepare(a, n, first, work);

        // K₂'s rows and columns (but K₁'s columns, which the first sweep overwrites) by the first update.
        var crossTasks = (n - second.Start + RowsPerTask - 1) / RowsPerTask;
        work.Team.Run(crossTasks, task =>
        {
            var rowStart = second.Start + (task * RowsPerTask);
            UpdateCross(a, n, rowStart, Math.Min(n, rowStart + RowsPerTask), first, second);
        });

        Finish(a, n, first, work);
        Prepare(a, n, second, work);
        var taskCount = (n + RowsPerTask - 1) / RowsPerTask;
        work.Team.Run(taskCount, order =>
        {
            var task = taskCount - 1 - order;
            UpdateRows(a, n, task * RowsPerTask, Math.Min(n, (task + 1) * RowsPerTask), first, second);
        });

        Finish(a, n, second, work);
    }

    /// <summary>The pass's panel A[·, K] and its packed copy, the pivot block's inverse and scaled = A[·, K] · A[K, K]⁻¹.</summary>
    private static void Prepare(float[] a, int n, Pass pass, Workspace work)
    {
        var (k0, width) = (pass.Start, pass.Width);
        var buffers = pass.Buffers;
        ReadPanel(a, n, k0, width, buffers.Panel, work.Team);
        PackPanel(buffers.Panel, n, width, buffers.Packed, work.Team);

        var pivotInverse = work.PivotInverse.AsSpan(0, width * width);
        for (var s = 0; s < width; s++)
        {
            for (var t = 0; t < width; t++)
            {
                pivotInverse[(s * width) + t] = buffers.Panel[((k0 + s) * width) + t];
            }
        }

        InvertSmall(pivotInverse, width);
        PackPivotInverse(pivotInverse, width, work.PackedPivotInverse);

        // scaled[i] = A[i, K] · A[K, K]⁻¹, by the same kernel. The last group of rows may reach past n: what the kernel
        // computes there is dropped, here and in the update.
        work.Team.Run((n + KernelRows - 1) / KernelRows, group => ScaleRows(n, group * KernelRows, width, buffers, work.PackedPivotInverse));
    }

    /// <summary>Rows and columns of the pivot block become A[·,K]·A[K,K]⁻¹ and −A[K,K]⁻¹ (lower triangle).</summary>
    private static void Finish(float[] a, int n, Pass pass, Workspace work)
    {
        var (k0, width) = (pass.Start, pass.Width);
        work.Team.Run((n + PanelChunk - 1) / PanelChunk, chunk => WriteScaled(a, n, k0, width, chunk * PanelChunk, Math.Min(n, (chunk + 1) * PanelChunk), pass.Buffers.Scaled));
        var pivotInverse = work.PivotInverse;
        for (var s = 0; s < width; s++)
        {
            for (var t = 0; t <= s; t++)
            {
                a[((k0 + s) * n) + k0 + t] = (float)-pivotInverse[(s * width) + t];
            }
        }
    }

    /// <summary>scaled[i] = A[i, K] · A[K, K]⁻¹ for the <see cref="KernelRows"/> rows from <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleRows(int n, int row, int width, PassBuffers buffers, float[] packedPivotInverse)
    {
        var rows = Math.Min(KernelRows, n - row);
        var pivotBlocks = (width + KernelColumns - 1) / KernelColumns;
        Span<float> sums = stackalloc float[KernelRows * KernelColumns];
        for (var block = 0; block < pivotBlocks; block++)
        {
            var columns = Math.Min(KernelColumns, width - (block * KernelColumns));
            TileKernel.Multiply(buffers.Panel.AsSpan(row * width, KernelRows * width), packedPivotInverse.AsSpan(block * width * KernelColumns, width * KernelColumns), width, sums, KernelColumns, subtract: false);
            for (var r = 0; r < rows; r++)
            {
                sums.Slice(r * KernelColumns, columns).CopyTo(buffers.Scaled.AsSpan(((row + r) * width) + (block * KernelColumns), columns));
            }
        }
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="end"/> of the swept block's columns, in the lower triangle: row i
    /// below the block keeps scaled[i] in its columns K; a row above it is column i of the block's rows, written pivot
    /// row by pivot row so that every write stays in one row of the matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteScaled(float[] a, int n, int k0, int width, int start, int end, float[] scaled)
    {
        var above = Math.Min(end, k0);
        for (var t = 0; t < width; t++)
        {
            var pivotRow = a.AsSpan(((k0 + t) * n) + start);
            for (var i = start; i < above; i++)
            {
                pivotRow[i - start] = scaled[(i * width) + t];
            }
        }

        for (var i = Math.Max(start, k0 + width); i < end; i++)
        {
            scaled.AsSpan(i * width, width).CopyTo(a.AsSpan((i * n) + k0, width));
        }
    }

    /// <summary>
    /// panel[j] = A[j, K], read from the lower triangle only: A[j, k] from row k where k ≥ j, from row j where k &lt; j.
    /// Columns are taken in chunks, so that reading along the pivot rows writes into a panel stretch that stays in cache.
    /// </summary>
    private static void ReadPanel(float[] a, int n, int k0, int width, float[] panel, WorkerTeam team) =>
        team.Run((n + PanelChunk - 1) / PanelChunk, chunk => ReadPanelChunk(a, n, k0, width, chunk * PanelChunk, Math.Min(n, (chunk + 1) * PanelChunk), panel));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadPanelChunk(float[] a, int n, int k0, int width, int start, int end, float[] panel)
    {
        for (var t = 0; t < width; t++)
        {
            ReadOnlySpan<float> pivotRow = a.AsSpan((k0 + t) * n, n);
            var last = Math.Min(end, k0 + t + 1);
            for (var j = start; j < last; j++)
            {
                panel[(j * width) + t] = pivotRow[j];
            }
        }

        for (var j = Math.Max(start, k0 + 1); j < end; j++)
        {
            var count = Math.Min(width, j - k0);
            a.AsSpan((j * n) + k0, count).CopyTo(panel.AsSpan(j * width, count));
        }
    }

    /// <summary>
    /// The panel in the kernel's order: for each block of <see cref="KernelColumns"/> columns j, pivot by pivot,
    /// the block's A[j, k] side by side, so the kernel reads one contiguous stretch; columns beyond n are zero.
    /// </summary>
    private static void PackPanel(float[] panel, int n, int width, float[] packed, WorkerTeam team) =>
        team.Run((n + KernelColumns - 1) / KernelColumns, block => PackPanelBlock(panel, n, width, block, packed));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanelBlock(float[] panel, int n, int width, int block, float[] packed)
    {
        var target = packed.AsSpan(block * width * KernelColumns, width * KernelColumns);
        target.Clear();
        var columns = Math.Min(KernelColumns, n - (block * KernelColumns));
        for (var c = 0; c < columns; c++)
        {
            var source = panel.AsSpan(((block * KernelColumns) + c) * width, width);
            for (var t = 0; t < width; t++)
            {
                target[(t * KernelColumns) + c] = source[t];
            }
        }
    }

    /// <summary>A[K, K]⁻¹ in the kernel's order (it is symmetric, so its rows are its columns), in float32.</summary>
    private static void PackPivotInverse(ReadOnlySpan<double> pivotInverse, int width, float[] packed)
    {
        Array.Clear(packed);
        for (var t = 0; t < width; t++)
        {
            for (var c = 0; c < width; c++)
            {
                packed[((c / KernelColumns) * width * KernelColumns) + (t * KernelColumns) + (c % KernelColumns)] = (float)pivotInverse[(t * width) + c];
            }
        }
    }

    /// <summary>
    /// The update of rows <paramref name="rowStart"/> to <paramref name="rowEnd"/> by <paramref name="pass"/>, preceded
    /// in each tile by that of <paramref name="before"/> when given (see <see cref="SweepTwo"/>). Tiles of the pass's
    /// pivot rows and columns are skipped, and the cells of <paramref name="before"/>'s take only the pass's update.
    /// </summary>
    /// <remarks>
    /// Pivot blocks start at multiples of <see cref="PivotBlock"/>, so their rows are whole groups of
    /// <see cref="KernelRows"/> and their columns whole blocks of <see cref="KernelColumns"/> (the last block may end
    /// at n): a tile is in a pivot block's rows or columns whole or not at all.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateRows(float[] a, int n, int rowStart, int rowEnd, Pass? before, Pass pass)
    {
        Span<float> sums = stackalloc float[KernelRows * KernelColumns];
        var lastBlock = (rowEnd - 1) / KernelColumns;
        for (var superStart = 0; superStart <= lastBlock; superStart += BlocksPerStrip)
        {
            var superEnd = Math.Min(lastBlock + 1, superStart + BlocksPerStrip);
            for (var row = Math.Max(rowStart, (superStart * KernelColumns) & ~(KernelRows - 1)); row < rowEnd; row += KernelRows)
            {
                if (pass.Holds(row))
                {
                    continue;
                }

                var beforeRow = before is { } b && !b.Holds(row);
                var blockEnd = Math.Min(superEnd, ((row + KernelRows - 1) / KernelColumns) + 1);
                for (var block = superStart; block < blockEnd; block++)
                {
                    var columnStart = block * KernelColumns;
                    if (pass.Holds(columnStart))
                    {
                        continue;
                    }

                    if (beforeRow && !before!.Value.Holds(columnStart))
                    {
                        SubtractTile(a, n, row, block, before.Value, sums);
                    }

                    SubtractTile(a, n, row, block, pass, sums);
                }
            }
        }
    }

    /// <summary>
    /// The first update of <see cref="SweepTwo"/> on the second pass's rows and columns within rows
    /// <paramref name="rowStart"/> to <paramref name="rowEnd"/> (all at or below the second pass's first row), but
    /// the first pass's columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateCross(float[] a, int n, int rowStart, int rowEnd, Pass first, Pass second)
    {
        Span<float> sums = stackalloc float[KernelRows * KernelColumns];
        for (var row = rowStart; row < rowEnd; row += KernelRows)
        {
            var inSecondRows = second.Holds(row);
            var blockEnd = ((row + KernelRows - 1) / KernelColumns) + 1;
            for (var block = inSecondRows ? 0 : second.Start / KernelColumns; block < blockEnd; block++)
            {
                var columnStart = block * KernelColumns;
                if (!inSecondRows && !second.Holds(columnStart))
                {
                    break;
                }

                if (!first.Holds(columnStart))
                {
                    SubtractTile(a, n, row, block, first, sums);
                }
            }
        }
    }

    /// <summary>A[i, j] −= scaled[i] · A[j, K] on the tile of <see cref="KernelRows"/> rows from <paramref name="row"/> and column block <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractTile(float[] a, int n, int row, int block, Pass pass, Span<float> sums)
    {
        var width = pass.Width;
        var rows = Math.Min(KernelRows, n - row);
        var columnStart = block * KernelColumns;
        var columns = Math.Min(KernelColumns, n - columnStart);
        ReadOnlySpan<float> scaled = pass.Buffers.Scaled.AsSpan(row * width, KernelRows * width);
        ReadOnlySpan<float> packed = pass.Buffers.Packed.AsSpan(block * width * KernelColumns, width * KernelColumns);
        var target = a.AsSpan((row * n) + columnStart);
        if (rows == KernelRows && columns == KernelColumns)
        {
            TileKernel.Multiply(scaled, packed, width, target, n, subtract: true);
        }
        else
        {
            TileKernel.Multiply(scaled, packed, width, sums, KernelColumns, subtract: false);
            for (var r = 0; r < rows; r++)
            {
                var cells = target.Slice(r * n, columns);
                TensorPrimitives.Subtract(cells, sums.Slice(r * KernelColumns, columns), cells);
            }
        }
    }

    /// <summary>
    /// Inverts a small SPD block in place, in double precision, by the plain sweep operator: sweeping every pivot
    /// leaves −A⁻¹, negated at the end. It runs between the parallel phases of every sweep, on one core, so its row
    /// update is a loop of its own, compiled optimized at once: <c>TensorPrimitives.MultiplyAdd</c> ran unoptimized
    /// for most of a training run's calls and made this 5–8 % of the inverse's time.
    /// </summary>
    /// <exception cref="ArithmeticException">The block is not positive definite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InvertSmall(Span<double> block, int width)
    {
        Span<double> pivotRow = stackalloc double[width];
        var vectorEnd = width - (width % Vector<double>.Count);
        for (var k = 0; k < width; k++)
        {
            var pivot = block[(k * width) + k];
            if (!(pivot > 0))
            {
                throw new ArithmeticException($"Matrix is not positive definite (pivot {k} is {pivot}).");
            }

            block.Slice(k * width, width).CopyTo(pivotRow);
            for (var i = 0; i < width; i++)
            {
                if (i == k)
                {
                    continue;
                }

                var row = block.Slice(i * width, width);
                var factor = row[k] / pivot;
                Vector<double> minusFactor = new(-factor);
                var c = 0;
                for (; c < vectorEnd; c += Vector<double>.Count)
                {
                    ((new Vector<double>(pivotRow[c..]) * minusFactor) + new Vector<double>(row[c..])).CopyTo(row[c..]);
                }

                for (; c < width; c++)
                {
                    row[c] = (pivotRow[c] * -factor) + row[c];
                }

                row[k] = factor;
            }

            var swept = block.Slice(k * width, width);
            for (var c = 0; c < width; c++)
            {
                swept[c] = pivotRow[c] / pivot;
            }

            swept[k] = -1 / pivot;
        }

        for (var c = 0; c < block.Length; c++)
        {
            block[c] = -block[c];
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private sealed record Workspace(PassBuffers First, PassBuffers Second, double[] PivotInverse, float[] PackedPivotInverse, WorkerTeam Team);

    /// <summary>One sweep's panel A[·, K], its packed copy and scaled = A[·, K] · A[K, K]⁻¹, each row padded.</summary>
    private sealed record PassBuffers(float[] Panel, float[] Packed, float[] Scaled);

    /// <summary>A sweep over the pivot block of <paramref name="Width"/> rows from <paramref name="Start"/>.</summary>
    private readonly record struct Pass(PassBuffers Buffers, int Start, int Width)
    {
        public int End => Start + Width;

        /// <summary>Whether row or column <paramref name="index"/> is one of the pivot block's.</summary>
        public bool Holds(int index) => index >= Start && index < End;
    }
}
