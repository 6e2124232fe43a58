using System.ComponentModel.DataAnnotations;

namespace ShowBot.Discord.Tests;

public class DiscordOptionsTests
{
    [Theory]
    [InlineData("", "is missing")]
    [InlineData("   ", "is missing")]
    [InlineData("Bot " + FakeDiscord.Token, "without the \"Bot \" prefix")]
    [InlineData("not-a-token", "is not a Discord bot token")]
    [InlineData("abc.def.ghi", "is not a Discord bot token")]
    public void A_missing_or_malformed_token_is_refused_without_echoing_it(string token, string expected)
    {
        var errors = Validate(new DiscordOptions { Token = token });

        var error = Assert.Single(errors);
        Assert.Equal(["Token"], error.MemberNames);
        Assert.Contains(expected, error.ErrorMessage, StringComparison.Ordinal);
        if (token.Trim().Length > 0)
        {
            Assert.DoesNotContain(token.Trim(), error.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_well_formed_token_with_defaults_is_valid()
    {
        Assert.Empty(Validate(new DiscordOptions { Token = FakeDiscord.Token }));
    }

    [Theory]
    [InlineData(nameof(DiscordOptions.ApplicationId), "my-app")]
    [InlineData(nameof(DiscordOptions.DevGuildId), "guild")]
    public void Other_bad_settings_name_themselves(string member, string value)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token };
        switch (member)
        {
            case nameof(DiscordOptions.ApplicationId):
                options.ApplicationId = value;
                break;
            default:
                options.DevGuildId = value;
                break;
        }

        Assert.Equal([member], Assert.Single(Validate(options)).MemberNames);
    }

    [Theory]
    [InlineData("", 4, new[] { 0, 1, 2, 3 })]
    [InlineData("0-3", 4, new[] { 0, 1, 2, 3 })]
    [InlineData("2", 4, new[] { 2 })]
    [InlineData("2,0", 4, new[] { 0, 2 })]
    [InlineData(" 0 - 1 , 4 ", 5, new[] { 0, 1, 4 })]
    [InlineData("", 1, new[] { 0 })]
    public void Shards_names_the_shards_this_node_runs_and_empty_is_all_of_them(string shards, int shardCount, int[] expected)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token, Shards = shards, ShardCount = shardCount };

        Assert.Empty(Validate(options));
        Assert.Equal(expected, options.ShardIds);
    }

    [Theory]
    [InlineData("4", 4)]
    [InlineData("0-4", 4)]
    [InlineData("3-1", 4)]
    [InlineData("0-1,1", 4)]
    [InlineData("0-1-2", 4)]
    [InlineData("-1", 4)]
    [InlineData("0;1", 4)]
    [InlineData("one", 4)]
    [InlineData("0,", 4)]
    [InlineData("1", 1)]
    public void Shards_that_are_not_below_ShardCount_or_not_a_list_of_ids_and_ranges_are_refused(string shards, int shardCount)
    {
        var error = Assert.Single(Validate(new DiscordOptions { Token = FakeDiscord.Token, Shards = shards, ShardCount = shardCount }));

        Assert.Equal(["Shards"], error.MemberNames);
        Assert.StartsWith($"must name shard ids below ShardCount ({shardCount})", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("800000000000000077", true)]
    [InlineData(" 800000000000000077 ", true)]
    [InlineData("+800000000000000077", false)]
    [InlineData("", false)]
    [InlineData("99999999999999999999", false)]
    [InlineData("<@800000000000000077>", false)]
    public void Admin_ids_must_be_snowflakes_and_a_bad_one_is_named_by_its_position_not_its_value(string id, bool valid)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token };
        options.AdminUserIds.Add("800000000000000001");
        options.AdminUserIds.Add(id);
        options.AdminGuildIds.Add("900000000000000003");
        options.AdminGuildIds.Add(id);

        var errors = Validate(options);

        if (valid)
        {
            Assert.Empty(errors);
            return;
        }

        Assert.Equal(["AdminUserIds", "AdminGuildIds"], errors.Select(e => Assert.Single(e.MemberNames)));
        Assert.All(errors, e => Assert.StartsWith("entry 1 is not a numeric Discord ", e.ErrorMessage, StringComparison.Ordinal));
        if (id.Length > 0)
        {
            Assert.All(errors, e => Assert.DoesNotContain(id, e.ErrorMessage, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_hello_timeout_has_a_floor()
    {
        var error = Assert.Single(Validate(new DiscordOptions { Token = FakeDiscord.Token, HelloTimeout = TimeSpan.Zero }));

        Assert.Equal(["HelloTimeout"], error.MemberNames);
    }

    [Theory]
    [InlineData("Http", "", "PublicKey", "is missing")]
    [InlineData("http", "   ", "PublicKey", "is missing")]
    [InlineData("Http", "7e3f109c2f97a7bb8ee9464dedf6c6bab8aae3b256d2f4fb927ce46ae851ccb", "PublicKey", "is not a Discord public key")]
    [InlineData("Http", "7e3f109c2f97a7bb8ee9464dedf6c6bab8aae3b256d2f4fb927ce46ae851ccbz", "PublicKey", "is not a Discord public key")]
    [InlineData("Http", FakeDiscord.Token, "PublicKey", "is not a Discord public key")]
    [InlineData("Webhooks", "", "Interactions", "must be Gateway or Http")]
    public void Http_interactions_need_the_applications_public_key_and_a_bad_one_is_refused_without_echoing_it(string interactions, string key, string member, string expected)
    {
        var error = Assert.Single(Validate(new DiscordOptions { Token = FakeDiscord.Token, Interactions = interactions, PublicKey = key }));

        Assert.Equal([member], error.MemberNames);
        Assert.StartsWith(expected, error.ErrorMessage, StringComparison.Ordinal);
        if (key.Trim().Length > 0)
        {
            Assert.DoesNotContain(key.Trim(), error.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Gateway", "", true)]
    [InlineData("gateway", "not checked over the gateway", true)]
    [InlineData("Http", " 7E3F109C2F97A7BB8EE9464DEDF6C6BAB8AAE3B256D2F4FB927CE46AE851CCBE ", true)]
    public void The_public_key_is_checked_only_for_http_interactions(string interactions, string key, bool valid)
    {
        Assert.Equal(valid, Validate(new DiscordOptions { Token = FakeDiscord.Token, Interactions = interactions, PublicKey = key }).Count == 0);
    }

    [Theory]
    [InlineData("https://0.0.0.0:3001/discord/interactions")]
    [InlineData("http://0.0.0.0:3001")]
    [InlineData("http://0.0.0.0:3001/discord/interactions?x=1")]
    public void The_http_url_must_be_plain_http_with_a_path(string url)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token, Interactions = "Http", PublicKey = new string('a', 64), HttpUrl = new Uri(url) };

        Assert.Equal(["HttpUrl"], Assert.Single(Validate(options)).MemberNames);
    }

    private static List<ValidationResult> Validate(DiscordOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
