using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace MLSegmentation.Onnx;

/// <summary>
/// The bounded, order-preserving scoring pipeline of one call:
/// <list type="number">
/// <item>a producer enumerates the inputs and starts decoding + pre-processing each on a worker thread (at most
/// <see cref="OnnxSegmenterOptions.WorkerThreads"/> at once), queueing the tasks in input order in a bounded channel;</item>
/// <item>the runner takes them in order, groups equal sizes into batches (flushing when the size changes or the batch is
/// full), runs each batch on pooled pre-bound buffers and starts its post-processing (labels, resize back, mask
/// encoding and writing) on worker threads, queueing those tasks in a second bounded channel;</item>
/// <item>the caller's enumeration awaits them in order and yields the results.</item>
/// </list>
/// At most about (PrefetchBatches + 2) batches of images are alive at once, whatever the number of inputs. An error
/// (a bad file, an ORT failure) surfaces at that image's position; cancellation (or abandoning the enumeration)
/// stops every stage, interrupts a running batch through <see cref="RunOptions.Terminate"/>, and waits for the
/// stages to end before returning.
/// </summary>
internal static class ScoringPipeline
{
    /// <summary>Scores <paramref name="inputs"/>; <paramref name="load"/> turns an input into an image or volume (and its file).</summary>
    public static async IAsyncEnumerable<SegmentationResult> Run<T>(ScoringSteps steps, IAsyncEnumerable<T> inputs,
        Func<T, ScoringInput> load, ResultWriter? write,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = steps.Options;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cts.Token;
        // Volumes are mostly scored one at a time (by tiles): queue PrefetchBatches of them, not batches of them.
        var queued = steps.Model.SpatialDims == 3 ? options.PrefetchBatches : options.BatchSize * options.PrefetchBatches;
        var decoded = Channel.CreateBounded<Task<PreparedImage>>(new BoundedChannelOptions(queued)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var finished = Channel.CreateBounded<Task<SegmentationResult[]>>(new BoundedChannelOptions(options.PrefetchBatches)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var runOptions = new RunOptions();
        ExceptionDispatchInfo? producerError = null;
        using var slots = new SemaphoreSlim(options.WorkerThreads);

        async Task Produce()
        {
            try
            {
                long index = 0;
                await foreach (var input in inputs.WithCancellation(token).ConfigureAwait(false))
                {
                    await slots.WaitAsync(token).ConfigureAwait(false);
                    var i = index++;
                    var task = Task.Run(() =>
                    {
                        try
                        {
                            token.ThrowIfCancellationRequested();
                            return steps.Prepare(load(input), i);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, token);
                    try
                    {
                        await decoded.Writer.WriteAsync(task, token).ConfigureAwait(false);
                    }
                    catch
                    {
                        await ReleaseWhenDone(task).ConfigureAwait(false);
                        throw;
                    }
                }
            }
            catch (Exception e)
            {
                producerError = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                decoded.Writer.TryComplete();
            }
        }

        async Task Emit(Task<SegmentationResult[]> task)
        {
            try
            {
                await finished.Writer.WriteAsync(task, token).ConfigureAwait(false);
            }
            catch
            {
                // Not handed over: wait for it here so its buffers are back before the pipeline ends.
                await task.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }
        }

        async Task RunBatches()
        {
            var batch = new List<PreparedImage>(options.BatchSize);
            async Task Flush()
            {
                if (batch.Count == 0)
                {
                    return;
                }
                var images = batch.ToArray();
                batch.Clear();
                var buffers = steps.RunBatch(images, runOptions, token);
                await Emit(Task.Run(() => steps.Finish(images, buffers, write, token), CancellationToken.None)).ConfigureAwait(false);
            }

            try
            {
                await foreach (var task in decoded.Reader.ReadAllAsync(token).ConfigureAwait(false))
                {
                    PreparedImage image;
                    try
                    {
                        image = await task.ConfigureAwait(false);
                    }
                    catch (Exception) when (!token.IsCancellationRequested)
                    {
                        // The images before the bad one still come out, then the error, at its position.
                        await Flush().ConfigureAwait(false);
                        throw;
                    }
                    if (steps.NeedsTiles(image))
                    {
                        await Flush().ConfigureAwait(false);
                        var result = steps.RunTiles(image, runOptions, write, token);
                        await Emit(Task.FromResult<SegmentationResult[]>([result])).ConfigureAwait(false);
                        continue;
                    }
                    if (batch.Count > 0 && batch[0].InputSize != image.InputSize)
                    {
                        await Flush().ConfigureAwait(false);
                    }
                    batch.Add(image);
                    if (batch.Count == options.BatchSize)
                    {
                        await Flush().ConfigureAwait(false);
                    }
                }
                await Flush().ConfigureAwait(false);
                producerError?.Throw();
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Release());
                if (!token.IsCancellationRequested)
                {
                    await finished.Writer.WriteAsync(Task.FromException<SegmentationResult[]>(e), token).ConfigureAwait(false);
                }
            }
            finally
            {
                finished.Writer.TryComplete();
            }
        }

        using var registration = token.Register(() => runOptions.Terminate = true);
        var producer = Task.Run(Produce, CancellationToken.None);
        var runner = Task.Run(RunBatches, CancellationToken.None);
        try
        {
            await foreach (var task in finished.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                var results = await task.ConfigureAwait(false);
                foreach (var result in results)
                {
                    token.ThrowIfCancellationRequested();
                    yield return result;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(producer, runner).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            // Decoded images nobody will batch, and finished batches nobody will read: wait for them and free them.
            while (decoded.Reader.TryRead(out var left))
            {
                await ReleaseWhenDone(left).ConfigureAwait(false);
            }
            while (finished.Reader.TryRead(out var left))
            {
                await left.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private static Task ReleaseWhenDone(Task<PreparedImage> task) =>
        task.ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Release();
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
