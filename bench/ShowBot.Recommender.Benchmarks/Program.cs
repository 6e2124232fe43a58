using ShowBot.Recommender.Benchmarks;

return await Harness.RunAsync(args);
