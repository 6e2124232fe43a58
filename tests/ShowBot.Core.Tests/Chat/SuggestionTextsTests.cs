using ShowBot.Core.Chat;

namespace ShowBot.Core.Tests.Chat;

public class SuggestionTextsTests
{
    private static readonly SuggestionTexts Long = new(
        Titles: [new string('t', 200)],
        Genres: ["Crime, Drama"],
        Explanations: [new string('e', 300)],
        Premises: [new string('p', 300)]);

    private static int Length(SuggestionTexts t) => t.Titles[0].Length + t.Genres[0].Length + t.Explanations[0].Length + t.Premises[0].Length;

    [Theory]
    [InlineData(812, 200, 12, 300, 300)]
    [InlineData(700, 200, 12, 300, 188)]
    [InlineData(600, 200, 12, 300, 88)]
    [InlineData(592, 200, 12, 300, 80)]
    [InlineData(400, 200, 12, 108, 80)]
    [InlineData(310, 200, 12, 80, 18)]
    [InlineData(300, 200, 12, 80, 0)]
    [InlineData(230, 200, 12, 18, 0)]
    [InlineData(220, 200, 12, 0, 0)]
    [InlineData(150, 150, 0, 0, 0)]
    [InlineData(5, 12, 0, 0, 0)]
    public void The_premise_gives_way_first_then_the_explanation_then_genres_then_the_title(int room, int title, int genres, int explanation, int premise)
    {
        var fitted = Long.FitInto(room, Length);

        Assert.Equal((title, genres, explanation, premise), (fitted.Titles[0].Length, fitted.Genres[0].Length, fitted.Explanations[0].Length, fitted.Premises[0].Length));
    }

    [Fact]
    public void Texts_that_fit_are_measured_once_and_left_as_they_are()
    {
        var measured = 0;

        var fitted = Long.FitInto(812, t => { measured++; return Length(t); });

        Assert.Same(Long, fitted);
        Assert.Equal(1, measured);
    }
}
