using ShowBot.Recommender.Artifacts;

namespace ShowBot.Recommender.Models;

/// <summary>
/// Sparse item → item weights: each item's kept neighbours, in ascending id order, with their weights (one CSR
/// layout). A liked item's list adds its weights to the candidates' scores. Weights are kept at half precision
/// (float16, about three significant digits), which is how artifacts store them, so a loaded model answers exactly
/// as the trained one did; artifacts store neighbour ids in 16 bits where the catalog allows.
/// </summary>
internal sealed class NeighbourLists
{
    private readonly int _itemCount;
    private readonly int[] _pointers;
    private readonly int[] _neighbours;
    private readonly float[] _weights;

    private NeighbourLists(int itemCount, int[] pointers, int[] neighbours, float[] weights)
    {
        if (pointers.Length != itemCount + 1 || neighbours.Length != weights.Length || pointers[0] != 0 || pointers[^1] != neighbours.Length)
        {
            throw new ArgumentException("Neighbour lists do not match the catalog.", nameof(pointers));
        }

        for (var item = 0; item < itemCount; item++)
        {
            if (pointers[item + 1] < pointers[item])
            {
                throw new ArgumentException($"Neighbour list {item} ends before it starts.", nameof(pointers));
            }

            for (var k = pointers[item]; k < pointers[item + 1]; k++)
            {
                if ((uint)neighbours[k] >= (uint)itemCount || (k > pointers[item] && neighbours[k] <= neighbours[k - 1]))
                {
                    throw new ArgumentException($"Neighbour list {item} names an unknown item or is out of order.", nameof(neighbours));
                }
            }
        }

        _itemCount = itemCount;
        _pointers = pointers;
        _neighbours = neighbours;
        _weights = weights;
    }

    /// <summary>Bytes held by the lists.</summary>
    public long MemoryBytes => (4L * _pointers.Length) + (8L * _neighbours.Length);

    /// <summary>Builds the lists from one (neighbours, weights) pair per item, in any order within an item; weights are rounded to half precision.</summary>
    public static NeighbourLists FromRows(int[][] neighbourRows, float[][] weightRows)
    {
        var itemCount = neighbourRows.Length;
        var pointers = new int[itemCount + 1];
        for (var item = 0; item < itemCount; item++)
        {
            pointers[item + 1] = pointers[item] + neighbourRows[item].Length;
        }

        var neighbours = new int[pointers[^1]];
        var weights = new float[pointers[^1]];
        for (var item = 0; item < itemCount; item++)
        {
            neighbourRows[item].CopyTo(neighbours, pointers[item]);
            weightRows[item].CopyTo(weights, pointers[item]);
            Array.Sort(neighbours, weights, pointers[item], neighbourRows[item].Length);
        }

        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = (float)(Half)weights[k];
        }

        return new NeighbourLists(itemCount, pointers, neighbours, weights);
    }

    /// <summary>
    /// Builds the lists from <paramref name="perItem"/> neighbours an item, item after item, each item's in ascending
    /// id order with its weights already at half precision: the arrays become the lists, with no sort, copy or
    /// rounding on one core (the caller's parallel workers did that part).
    /// </summary>
    public static NeighbourLists FromEqualRows(int itemCount, int perItem, int[] neighbours, float[] weights)
    {
        var pointers = new int[itemCount + 1];
        for (var item = 0; item < itemCount; item++)
        {
            pointers[item + 1] = pointers[item] + perItem;
        }

        return new NeighbourLists(itemCount, pointers, neighbours, weights);
    }

    /// <summary>scores[n] += w for every neighbour n, with weight w, of every item in <paramref name="items"/>.</summary>
    public void AddTo(ReadOnlySpan<int> items, Span<float> scores)
    {
        foreach (var item in items)
        {
            for (var k = _pointers[item]; k < _pointers[item + 1]; k++)
            {
                scores[_neighbours[k]] += _weights[k];
            }
        }
    }

    /// <summary>The weight of <paramref name="neighbour"/> in <paramref name="item"/>'s list, or 0 when it is not there.</summary>
    public float Weight(int item, int neighbour)
    {
        var start = _pointers[item];
        var index = Array.BinarySearch(_neighbours, start, _pointers[item + 1] - start, neighbour);
        return index >= 0 ? _weights[index] : 0;
    }

    /// <summary>
    /// For each candidate, the item among <paramref name="items"/> whose weight towards it is largest and above
    /// <paramref name="floor"/>, or −1 when none is: the explanation of a score <see cref="AddTo"/> made.
    /// </summary>
    public void ExplainEach(ReadOnlySpan<int> items, ReadOnlySpan<int> candidates, float floor, Span<int> strongest)
    {
        for (var c = 0; c < candidates.Length; c++)
        {
            strongest[c] = -1;
            var best = floor;
            foreach (var item in items)
            {
                var weight = Weight(item, candidates[c]);
                if (weight > best)
                {
                    best = weight;
                    strongest[c] = item;
                }
            }
        }
    }

    public void Write(BinaryWriter writer)
    {
        ArtifactIO.WriteArray(writer, _pointers);
        if (HasShortIds(_itemCount))
        {
            ArtifactIO.WriteArray(writer, [.. _neighbours.Select(id => (ushort)id)]);
        }
        else
        {
            ArtifactIO.WriteArray(writer, _neighbours);
        }

        ArtifactIO.WriteArray(writer, [.. _weights.Select(weight => (Half)weight)]);
    }

    /// <summary>Reads the lists; format 1 stored every id as int32 and every weight as float32.</summary>
    /// <exception cref="ArgumentException">The lists do not fit a catalog of <paramref name="itemCount"/> items.</exception>
    public static NeighbourLists Read(BinaryReader reader, int itemCount, int formatVersion)
    {
        var pointers = ArtifactIO.ReadIntArray(reader);
        if (formatVersion < 2)
        {
            return new NeighbourLists(itemCount, pointers, ArtifactIO.ReadIntArray(reader), ArtifactIO.ReadFloatArray(reader));
        }

        var neighbours = HasShortIds(itemCount) ? [.. ArtifactIO.ReadArray<ushort>(reader).Select(id => (int)id)] : ArtifactIO.ReadIntArray(reader);
        float[] weights = [.. ArtifactIO.ReadArray<Half>(reader).Select(weight => (float)weight)];
        return new NeighbourLists(itemCount, pointers, neighbours, weights);
    }

    private static bool HasShortIds(int itemCount) => itemCount <= ushort.MaxValue + 1;
}
