using ShowBot.Recommender.LinearAlgebra;

namespace ShowBot.Recommender.Tests;

public class WorkerTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_phase_runs_each_index_once_and_ends_before_the_next(int workers)
    {
        using WorkerTeam team = new(workers);
        for (var phase = 0; phase < 300; phase++)
        {
            var count = phase % 7 == 0 ? 0 : 1 + (phase % 50);
            var runs = new int[count];
            team.Run(count, index => Interlocked.Increment(ref runs[index]));
            Assert.All(runs, run => Assert.Equal(1, run));
        }
    }

    [Fact]
    public void Helpers_woken_from_sleep_for_every_phase_each_run_it()
    {
        // A pause before each phase lets both helpers fall asleep, so every phase wakes them together. With the wake-up
        // a semaphore's permit, the helper first awake could run the phase and go back to sleep on the other's permit,
        // leaving it asleep and the caller waiting for it for ever (within a few hundred phases on two cores).
        var finished = new Thread(() =>
        {
            using WorkerTeam team = new(3);
            for (var phase = 0; phase < 1000; phase++)
            {
                Thread.Sleep(1);
                var runs = new int[1 + (phase % 50)];
                team.Run(runs.Length, index => Interlocked.Increment(ref runs[index]));
                Assert.All(runs, run => Assert.Equal(1, run));
            }
        })
        { IsBackground = true };
        finished.Start();
        Assert.True(finished.Join(TimeSpan.FromSeconds(60)), "a phase never ended: a helper slept through it");
    }

    [Fact]
    public void A_workers_exception_reaches_the_caller_and_the_team_goes_on()
    {
        using WorkerTeam team = new(2);
        var thrown = Assert.Throws<InvalidOperationException>(() => team.Run(100, index =>
        {
            Thread.SpinWait(1000);
            if (index == 50)
            {
                throw new InvalidOperationException("index 50");
            }
        }));
        Assert.Equal("index 50", thrown.Message);

        var sum = 0;
        team.Run(10, index => Interlocked.Add(ref sum, index));
        Assert.Equal(45, sum);
    }
}
