using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Experiments.Contrastive;

/// <summary>Object embeddings (masked average of the bottleneck under each object's mask) and image-level embeddings (global average of the bottleneck) of every object of a dataset.</summary>
internal sealed record Embeddings(float[][] Objects, float[][] Images, long[] Classes)
{
    public static Embeddings Extract(UNet network, IValidationSource source, int classes)
    {
        network.eval();
        var objects = new List<float[]>();
        var images = new List<float[]>();
        var labels = new List<long>();
        using (torch.no_grad())
        {
            foreach (TrainingBatch batch in source.Batches(CancellationToken.None))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    Tensor features = network.Encode(batch.Images)[^1];
                    using AttentionMasks masks = AttentionMasks.FromLabels(batch.Labels, classes);
                    if (masks.Count == 0) continue;
                    int width = (int)features.size(1);
                    float[] pooled = masks.Pool(features).contiguous().data<float>().ToArray();
                    float[] global = features.mean([2, 3]).index_select(0, masks.ImageIndex(torch.CPU)).contiguous().data<float>().ToArray();
                    for (int m = 0; m < masks.Count; m++)
                    {
                        objects.Add(pooled.AsSpan(m * width, width).ToArray());
                        images.Add(global.AsSpan(m * width, width).ToArray());
                        labels.Add(masks.Classes[m]);
                    }
                }
            }
        }
        return new Embeddings([.. objects], [.. images], [.. labels]);
    }

    /// <summary>k-nearest-neighbour (cosine) class accuracy of <paramref name="query"/> against <paramref name="reference"/>.</summary>
    public static double KnnAccuracy(float[][] reference, long[] referenceClasses, float[][] query, long[] queryClasses, int k = 5)
    {
        float[][] r = reference.Select(Normalised).ToArray();
        int correct = 0;
        for (int q = 0; q < query.Length; q++)
        {
            float[] v = Normalised(query[q]);
            long predicted = r.Select((e, i) => (Similarity: Dot(e, v), Class: referenceClasses[i]))
                .OrderByDescending(t => t.Similarity).Take(k)
                .GroupBy(t => t.Class).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(t => t.Similarity)).First().Key;
            if (predicted == queryClasses[q]) correct++;
        }
        return (double)correct / query.Length;
    }

    /// <summary>The first two principal components' scores of the rows of <paramref name="x"/> (power iteration with deflation).</summary>
    public static double[][] Pca2(float[][] x)
    {
        int n = x.Length, d = x[0].Length;
        var mean = new double[d];
        foreach (float[] row in x) for (int j = 0; j < d; j++) mean[j] += row[j] / (double)n;
        double[][] centred = x.Select(row => row.Select((v, j) => v - mean[j]).ToArray()).ToArray();
        var covariance = new double[d, d];
        foreach (double[] row in centred)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) covariance[a, b] += row[a] * row[b];
        var components = new List<double[]>();
        var random = new Random(1);
        for (int c = 0; c < 2; c++)
        {
            double[] v = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (int iteration = 0; iteration < 300; iteration++)
            {
                var w = new double[d];
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++) w[a] += covariance[a, b] * v[b];
                foreach (double[] p in components)
                {
                    double projection = w.Zip(p, (s, t) => s * t).Sum();
                    for (int a = 0; a < d; a++) w[a] -= projection * p[a];
                }
                double norm = Math.Sqrt(w.Sum(s => s * s));
                if (norm == 0) break;
                v = w.Select(s => s / norm).ToArray();
            }
            components.Add(v);
        }
        return centred.Select(row => components.Select(p => row.Zip(p, (s, t) => s * t).Sum()).ToArray()).ToArray();
    }

    private static float[] Normalised(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(s => (double)s * s));
        return norm == 0 ? v : v.Select(s => (float)(s / norm)).ToArray();
    }

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }
}
