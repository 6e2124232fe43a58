using ShowBot.Recommender.Artifacts;
using ShowBot.Recommender.Models;

namespace ShowBot.Recommender.Tests;

public class ModelArtifactTests
{
    public static TheoryData<string> Algorithms => [.. ModelTrainers.Algorithms];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Save_then_load_round_trips_every_value_and_every_answer(string algorithm)
    {
        var likes = TestData.Synthetic(users: 120, items: 60, likesPerUser: 8, seed: 3);
        var original = ModelTests.Train(algorithm, likes);

        var saved = Save(original);
        var loaded = ModelArtifact.Load(new MemoryStream(saved));

        Assert.Equal(original.GetType(), loaded.GetType());
        Assert.Equal(original.Algorithm, loaded.Algorithm);
        Assert.Equal(original.Parameters, loaded.Parameters);
        Assert.Equal(original.Items.ExternalIds, loaded.Items.ExternalIds);
        Assert.Equal(original.ItemLikeCounts.ToArray(), loaded.ItemLikeCounts.ToArray());
        Assert.Equal(saved, Save(loaded));
        for (var user = 0; user < likes.UserCount; user++)
        {
            string[] liked = [.. likes.ItemsLikedBy(user).ToArray().Select(i => likes.Items[i])];
            RecommendationQuery query = new(liked, 10);
            Assert.Equal(original.Recommend(query), loaded.Recommend(query));
        }
    }

    [Fact]
    public void Saving_to_a_path_replaces_the_file_and_leaves_no_temporary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.sbrm");
        try
        {
            File.WriteAllText(path, "previous model");
            var model = ModelTests.Train("item-knn", TestData.TwoClusters());

            ModelArtifact.Save(model, path);

            Assert.Equal(model.Items.ExternalIds, ModelArtifact.Load(path).Items.ExternalIds);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, "shorter than the 16-byte header")]
    [InlineData(10, "shorter than the 16-byte header")]
    [InlineData(40, "truncated")]
    [InlineData(-1, "truncated")]
    public void A_truncated_artifact_is_rejected_with_a_clear_message(int keptBytes, string expected)
    {
        var saved = Save(ModelTests.Train("ials", TestData.TwoClusters()));
        var truncated = saved[..(keptBytes >= 0 ? keptBytes : saved.Length + keptBytes)];

        var error = Assert.Throws<ModelFormatException>(() => ModelArtifact.Load(new MemoryStream(truncated)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_bit_in_the_body_fails_the_checksum()
    {
        var saved = Save(ModelTests.Train("ease", TestData.TwoClusters()));
        saved[saved.Length / 2] ^= 0x10;

        var error = Assert.Throws<ModelFormatException>(() => ModelArtifact.Load(new MemoryStream(saved)));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_file_or_another_version_is_named_as_such()
    {
        var saved = Save(ModelTests.Train("popularity", TestData.TwoClusters()));
        var otherVersion = (byte[])saved.Clone();
        otherVersion[4] = 99;

        var notArtifact = Assert.Throws<ModelFormatException>(() => ModelArtifact.Load(new MemoryStream("PK\u0003\u0004 not a model at all"u8.ToArray())));
        var version = Assert.Throws<ModelFormatException>(() => ModelArtifact.Load(new MemoryStream(otherVersion)));

        Assert.Contains("Not a ShowBot model artifact", notArtifact.Message, StringComparison.Ordinal);
        Assert.Contains("format version 99 is not supported", version.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ease_model_saved_in_format_1_as_a_dense_matrix_still_loads_and_answers_the_same()
    {
        var likes = TestData.Synthetic(users: 120, items: 60, likesPerUser: 8, seed: 3);
        var trained = (EaseModel)ModelTests.Train("ease", likes);

        var loaded = ModelArtifact.Load(new MemoryStream(FormatOneEaseArtifact(trained)));

        Assert.Equal(trained.Parameters, loaded.Parameters);
        for (var user = 0; user < likes.UserCount; user++)
        {
            RecommendationQuery query = new([.. likes.ItemsLikedBy(user).ToArray().Select(i => likes.Items[i])], 10);
            Assert.Equal(trained.Recommend(query), loaded.Recommend(query));
        }
    }

    [Fact]
    public void Trailing_bytes_after_the_checksum_are_rejected()
    {
        var saved = Save(ModelTests.Train("popularity", TestData.TwoClusters()));

        var error = Assert.Throws<ModelFormatException>(() => ModelArtifact.Load(new MemoryStream([.. saved, 0])));

        Assert.Contains("1 unexpected bytes after its checksum", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The artifact a build before format 2 wrote: EASE's whole dense matrix, no neighbours parameter.</summary>
    private static byte[] FormatOneEaseArtifact(EaseModel model)
    {
        var n = model.Items.Count;
        MemoryStream body = new();
        using (BinaryWriter writer = new(body, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(model.Algorithm);
            var parameters = model.Parameters.Where(p => p.Key != EaseTrainer.NeighboursParameter).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            writer.Write(parameters.Count);
            foreach ((var name, var value) in parameters)
            {
                writer.Write(name);
                writer.Write(value);
            }

            writer.Write(n);
            foreach (var id in model.Items.ExternalIds)
            {
                writer.Write(id);
            }

            writer.Write(n);
            foreach (var count in model.ItemLikeCounts)
            {
                writer.Write(count);
            }

            writer.Write(n * n);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    writer.Write(model.Weight(i, j));
                }
            }
        }

        MemoryStream artifact = new();
        using (BinaryWriter writer = new(artifact))
        {
            writer.Write("SBRM"u8);
            writer.Write(1);
            writer.Write(body.Length);
            writer.Write(body.ToArray());
            writer.Write(System.Security.Cryptography.SHA256.HashData(body.ToArray()));
        }

        return artifact.ToArray();
    }

    private static byte[] Save(FoldInModel model)
    {
        MemoryStream stream = new();
        ModelArtifact.Save(model, stream);
        return stream.ToArray();
    }
}
