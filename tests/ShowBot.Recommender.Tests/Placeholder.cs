namespace ShowBot.Recommender.Tests;
