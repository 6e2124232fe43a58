using System.Runtime.ExceptionServices;

namespace ShowBot.Recommender.LinearAlgebra;

/// <summary>
/// The caller and threads of its own that run a series of short parallel phases (<see cref="Run"/>) one after the
/// other, each worker claiming the next index of the phase when done with its last. <see cref="SymmetricInverse"/>
/// runs about 210 phases on the anime ratings; as so many <c>Parallel.For</c> calls they made the tasks, task
/// replicas and thread-pool methods hot enough to be compiled again and again by the JIT's background thread while
/// training (350 methods, 5 % of the CPU samples) and woke a pool thread for every phase. The helpers are threads
/// of the team's own because phases wait for each other: two replicas of one <c>Parallel.For</c> are not sure to run
/// at once. Between phases a helper yields its core for a while, then sleeps until the next phase is published.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    // Some 100 µs of yielding (not tuned): enough to bridge the gap between two phases of a sweep, while through a
    // longer one (the pivot block's inverse, on the caller) the helper sleeps rather than keep its core busy.
    private const int YieldsBeforeSleep = 200;

    private readonly Thread[] _helpers;
    // Sleeping helpers wait on this lock's condition, each for a generation other than the one it has seen. Not a
    // semaphore: its permits are anyone's, so a helper that had already run a phase could go back to sleep on a permit
    // released for one that had not yet woken, which then slept through the phase while the caller waited for it.
    private readonly object _wake = new();
    private Action<int>? _body;
    private int _count;
    private int _claimed;
    private int _generation;
    private int _busyHelpers;
    private int _sleepingHelpers;
    private bool _stopping;
    private Exception? _failure;

    /// <summary>
    /// A team of <paramref name="workers"/> in all (at least 1): the caller of <see cref="Run"/> and
    /// <paramref name="workers"/> − 1 helper threads.
    /// </summary>
    public WorkerTeam(int workers)
    {
        _helpers = new Thread[Math.Max(0, workers - 1)];
        for (var h = 0; h < _helpers.Length; h++)
        {
            _helpers[h] = new Thread(HelperLoop) { IsBackground = true, Name = "ShowBot inverse worker" };
            _helpers[h].Start();
        }
    }

    /// <summary>The number of workers for <paramref name="parallel"/>: its degree, at most one a core.</summary>
    public static int WorkersFor(ParallelOptions parallel) =>
        parallel.MaxDegreeOfParallelism > 0 ? Math.Min(parallel.MaxDegreeOfParallelism, Environment.ProcessorCount) : Environment.ProcessorCount;

    /// <summary>
    /// <paramref name="body"/> for every index below <paramref name="count"/>, claimed in ascending order, on every
    /// worker; returns when all are done, rethrowing a helper's exception.
    /// </summary>
    public void Run(int count, Action<int> body)
    {
        _body = body;
        _count = count;
        Volatile.Write(ref _claimed, -1);
        Volatile.Write(ref _busyHelpers, _helpers.Length);
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepingHelpers) > 0)
        {
            // A helper counted here may find the new generation before it sleeps; waking it is then only for nothing.
            WakeAll();
        }

        try
        {
            Work(body, count);
        }
        finally
        {
            SpinWait spinner = default;
            while (Volatile.Read(ref _busyHelpers) > 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _body = null;
        }

        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Stops the helpers (they finish the phase they are in).</summary>
    public void Dispose()
    {
        Volatile.Write(ref _stopping, true);
        Interlocked.Increment(ref _generation);
        WakeAll();
        foreach (var helper in _helpers)
        {
            helper.Join();
        }
    }

    private void WakeAll()
    {
        lock (_wake)
        {
            Monitor.PulseAll(_wake);
        }
    }

    private void Work(Action<int> body, int count)
    {
        int index;
        while ((index = Interlocked.Increment(ref _claimed)) < count)
        {
            body(index);
        }
    }

    private void HelperLoop()
    {
        var seen = 0;
        while (true)
        {
            var yields = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (yields++ < YieldsBeforeSleep)
                {
                    Thread.Yield();
                    continue;
                }

                Interlocked.Increment(ref _sleepingHelpers);
                lock (_wake)
                {
                    // Checked under the lock: a caller that publishes a generation after this check pulses only once
                    // this helper waits (Monitor.Wait releases the lock).
                    while (Volatile.Read(ref _generation) == seen)
                    {
                        Monitor.Wait(_wake);
                    }
                }

                Interlocked.Decrement(ref _sleepingHelpers);
            }

            seen = Volatile.Read(ref _generation);
            if (Volatile.Read(ref _stopping))
            {
                return;
            }

            try
            {
                Work(_body!, _count);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _failure, exception, null);
            }
            finally
            {
                Interlocked.Decrement(ref _busyHelpers);
            }
        }
    }
}
