namespace ShowBot.Core.Ratings;

/// <summary>
/// The data versions retraining runs are reading, so that compacting the change log never loses one: a run's version
/// is not among the stored model versions (whose data compaction keeps exact) until its model version is stored.
/// </summary>
public sealed class RatingSnapshots
{
    private readonly Lock gate = new();
    private readonly List<long> held = [];

    /// <summary>Holds the ratings' last change as a snapshot until the returned hold is disposed.</summary>
    public Hold Take(IRatingStore ratings)
    {
        lock (gate)
        {
            var change = ratings.LastChange;
            held.Add(change);
            return new Hold(this, change);
        }
    }

    /// <summary>
    /// The last change the log may be compacted up to now: the ratings' last change, or the oldest snapshot held. A
    /// snapshot taken later starts at or after it. Read the stored model versions after this, not before, so a version
    /// stored meanwhile is among them.
    /// </summary>
    public long CompactableUpTo(IRatingStore ratings)
    {
        lock (gate)
        {
            var last = ratings.LastChange;
            return held.Count == 0 ? last : Math.Min(last, held.Min());
        }
    }

    private void Release(long change)
    {
        lock (gate)
        {
            held.Remove(change);
        }
    }

    /// <summary>One run's snapshot: <see cref="LastChange"/> names its data version.</summary>
    public sealed class Hold(RatingSnapshots owner, long lastChange) : IDisposable
    {
        private bool released;

        /// <summary>The last change the snapshot holds.</summary>
        public long LastChange { get; } = lastChange;

        /// <summary>Lets the log be compacted past this snapshot again (its model version, if any, is stored by now).</summary>
        public void Dispose()
        {
            if (!released)
            {
                released = true;
                owner.Release(LastChange);
            }
        }
    }
}
