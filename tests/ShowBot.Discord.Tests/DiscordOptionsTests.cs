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
    [InlineData(nameof(DiscordOptions.ShardId), "1")]
    public void Other_bad_settings_name_themselves(string member, string value)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token };
        switch (member)
        {
            case nameof(DiscordOptions.ApplicationId):
                options.ApplicationId = value;
                break;
            case nameof(DiscordOptions.DevGuildId):
                options.DevGuildId = value;
                break;
            default:
                options.ShardId = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        Assert.Equal([member], Assert.Single(Validate(options)).MemberNames);
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

    private static List<ValidationResult> Validate(DiscordOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
