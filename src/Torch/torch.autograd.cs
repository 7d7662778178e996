using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

public static partial class torch
{
    /// <summary>Reverse-mode differentiation, as <c>torch.autograd</c>.</summary>
    public static class autograd
    {
        /// <summary>Accumulates the gradients of <paramref name="outputs"/> into the leaves' <c>grad</c>.</summary>
        public static unsafe void backward(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor?>? gradients = null,
            bool retain_graph = false, bool create_graph = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            if (gradients is not null && gradients.Count != outputs.Count)
                throw new ArgumentException($"{gradients.Count} gradients for {outputs.Count} outputs", nameof(gradients));
            nint* outs = stackalloc nint[outputs.Count];
            nint* grads = stackalloc nint[outputs.Count];
            for (int k = 0; k < outputs.Count; k++)
            {
                outs[k] = outputs[k].Handle;
                grads[k] = gradients?[k]?.Handle ?? 0;
            }
            NativeMethods.Check(NativeMethods.mlseg_backward(outs, grads, outputs.Count, retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0));
            GC.KeepAlive(outputs);
            GC.KeepAlive(gradients);
        }

        /// <summary>
        /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without
        /// touching their <c>grad</c>. With <paramref name="create_graph"/> the results are differentiable
        /// (gradients of gradients). Entries are null for unused inputs when <paramref name="allow_unused"/>.
        /// </summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null, bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            nint* outs = stackalloc nint[outputs.Count];
            nint* grads = stackalloc nint[outputs.Count];
            nint* ins = stackalloc nint[inputs.Count];
            nint* results = stackalloc nint[inputs.Count];
            for (int k = 0; k < outputs.Count; k++)
            {
                outs[k] = outputs[k].Handle;
                grads[k] = grad_outputs?[k]?.Handle ?? 0;
            }
            for (int k = 0; k < inputs.Count; k++) ins[k] = inputs[k].Handle;
            bool retain = retain_graph ?? create_graph;
            NativeMethods.Check(NativeMethods.mlseg_grad(outs, grads, outputs.Count, ins, inputs.Count,
                retain ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, results));
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            var r = new Tensor?[inputs.Count];
            for (int k = 0; k < r.Length; k++) r[k] = results[k] == 0 ? null : new Tensor(results[k]);
            return r;
        }
    }
}
