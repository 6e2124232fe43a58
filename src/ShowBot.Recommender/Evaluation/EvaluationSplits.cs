using ShowBot.Recommender.Data;

namespace ShowBot.Recommender.Evaluation;

/// <summary>A person the model has not been trained on: the likes it is given, and the likes it should find.</summary>
/// <param name="FoldIn">Dense item ids (training item space) given to the model.</param>
/// <param name="HeldOut">Dense item ids the model should rank high.</param>
internal sealed record HeldOutUser(int[] FoldIn, HashSet<int> HeldOut);

/// <summary>Strong generalisation (Liang et al. 2018): training users, and whole held-out users for validation and test.</summary>
internal sealed record StrongGeneralizationSplit(InteractionMatrix Train, IReadOnlyList<HeldOutUser> Validation, IReadOnlyList<HeldOutUser> Test, int EligibleUsers)
{
    /// <summary>
    /// Keeps users with at least <see cref="EvaluationOptions.MinLikesPerUser"/> likes, shuffles them with the seed,
    /// holds out N for test and N for validation, trains on the rest. The catalog is the items the training users
    /// like; each held-out user's likes outside it are dropped, and of the remaining likes (if at least the minimum)
    /// a random <c>floor(0.2·n)</c> are held out and the rest folded in, as in the reference code.
    /// </summary>
    public static StrongGeneralizationSplit Create(InteractionMatrix likes, EvaluationOptions options)
    {
        Random random = new(options.Seed);
        int[] eligible = [.. Enumerable.Range(0, likes.UserCount).Where(u => likes.ItemsLikedBy(u).Length >= options.MinLikesPerUser)];
        random.Shuffle(eligible);
        var heldOutCount = options.HeldOutUsers ?? Math.Max(1, eligible.Length / 10);
        if (2 * heldOutCount >= eligible.Length)
        {
            throw new ArgumentException($"Cannot hold out 2 × {heldOutCount} users from {eligible.Length} users with at least {options.MinLikesPerUser} likes.", nameof(options));
        }

        var testUsers = eligible[..heldOutCount];
        var validationUsers = eligible[heldOutCount..(2 * heldOutCount)];
        int[] trainUsers = [.. eligible[(2 * heldOutCount)..].Order()];

        var train = Restrict(likes, trainUsers, out var trainItemOf);
        return new StrongGeneralizationSplit(
            train,
            [.. validationUsers.Select(u => SplitUser(likes.ItemsLikedBy(u), trainItemOf, options, random)).OfType<HeldOutUser>()],
            [.. testUsers.Select(u => SplitUser(likes.ItemsLikedBy(u), trainItemOf, options, random)).OfType<HeldOutUser>()],
            eligible.Length);
    }

    /// <summary>The likes of <paramref name="users"/>, over the items they like; <paramref name="itemMap"/> maps old item ids to new ones (−1 when absent).</summary>
    internal static InteractionMatrix Restrict(InteractionMatrix likes, int[] users, out int[] itemMap)
    {
        itemMap = new int[likes.ItemCount];
        foreach (var user in users)
        {
            foreach (var item in likes.ItemsLikedBy(user))
            {
                itemMap[item] = 1;
            }
        }

        List<string> itemIds = [];
        for (var item = 0; item < itemMap.Length; item++)
        {
            if (itemMap[item] == 1)
            {
                itemMap[item] = itemIds.Count;
                itemIds.Add(likes.Items[item]);
            }
            else
            {
                itemMap[item] = -1;
            }
        }

        List<(int User, int Item)> pairs = [];
        for (var row = 0; row < users.Length; row++)
        {
            foreach (var item in likes.ItemsLikedBy(users[row]))
            {
                pairs.Add((row, itemMap[item]));
            }
        }

        return InteractionMatrix.FromDenseLikes(new ExternalIdMap(users.Select(u => likes.Users[u])), new ExternalIdMap(itemIds), pairs);
    }

    private static HeldOutUser? SplitUser(ReadOnlySpan<int> liked, int[] trainItemOf, EvaluationOptions options, Random random)
    {
        List<int> known = [];
        foreach (var item in liked)
        {
            if (trainItemOf[item] >= 0)
            {
                known.Add(trainItemOf[item]);
            }
        }

        if (known.Count < options.MinLikesPerUser)
        {
            return null;
        }

        int[] shuffled = [.. known];
        random.Shuffle(shuffled);
        var heldOut = (int)(options.HeldOutFraction * shuffled.Length);
        return heldOut == 0 ? null : new HeldOutUser(shuffled[heldOut..], [.. shuffled[..heldOut]]);
    }
}

/// <summary>
/// The ancestor's test: prolific users keep 80 % of their likes in the training data and the other 20 % are to
/// be found in their top-N suggestions.
/// </summary>
internal sealed record AncestorSplit(InteractionMatrix Train, IReadOnlyList<HeldOutUser> Users)
{
    /// <summary>
    /// Prolific users are those with at least <see cref="EvaluationOptions.AncestorMinLikes"/> likes; a seeded sample of
    /// at most <see cref="EvaluationOptions.AncestorMaxUsers"/> of them each lose a random floor(20 %) of their likes
    /// from the training matrix. Everyone else trains with all their likes.
    /// </summary>
    public static AncestorSplit Create(InteractionMatrix likes, EvaluationOptions options)
    {
        Random random = new(options.Seed);
        int[] prolific = [.. Enumerable.Range(0, likes.UserCount).Where(u => likes.ItemsLikedBy(u).Length >= options.AncestorMinLikes)];
        random.Shuffle(prolific);
        int[] sample = [.. prolific.Take(options.AncestorMaxUsers).Order()];

        Dictionary<int, HashSet<int>> heldOutByUser = [];
        foreach (var user in sample)
        {
            var shuffled = likes.ItemsLikedBy(user).ToArray();
            random.Shuffle(shuffled);
            var heldOut = (int)(options.HeldOutFraction * shuffled.Length);
            heldOutByUser[user] = [.. shuffled[..heldOut]];
        }

        List<(int User, int Item)> pairs = [];
        for (var user = 0; user < likes.UserCount; user++)
        {
            var heldOut = heldOutByUser.GetValueOrDefault(user);
            foreach (var item in likes.ItemsLikedBy(user))
            {
                if (heldOut is null || !heldOut.Contains(item))
                {
                    pairs.Add((user, item));
                }
            }
        }

        var train = InteractionMatrix.FromDenseLikes(likes.Users, likes.Items, pairs);
        HeldOutUser[] users = [.. sample.Select(u => new HeldOutUser(train.ItemsLikedBy(u).ToArray(), heldOutByUser[u]))];
        return new AncestorSplit(train, users);
    }
}
