"""A corpus of parameter-count formulas as people write them, for symcount.check().

Data only.  Each ``Case`` holds the formula text as found (or, where ``note`` says
"composed", a homework-style answer written for this corpus in a source's own
notation), a citation, the network it means, a Python transcription *of the
text* (wrong where the text is wrong) and the keyword arguments a user would
pass to ``check()``.  The ground truth lives in tests/corpus_truth.py.

Conventions of the fields (see corpus_truth.py for how they are evaluated):

* ``python``: for target "mlp" a callable ``(w, L)`` (``w`` = widths w_0..w_L,
  ``L = len(w) - 1``), written in the formula's own numbering; otherwise a
  callable taking the formula's symbols (the keys of ``symbols``) as keyword
  arguments.  A numeric formula ignores its arguments and returns its number.
* ``symbols``: formula symbol -> target size name.  For mlp: ``"layout"`` (the
  writer's numbering, documentation), ``"hidden": "equal"`` (one hidden width
  assumed), ``"w[i]": "n"`` (width i fixed at n).  An entry whose *value* is an
  expression rather than a size name ties a target size to others, e.g.
  ``{"dim_feedforward": "4*d_model"}`` (the source's d_ff = 4d).
* ``sizes``: target size name -> int for a worked numeric example (mlp
  examples use ``check["widths"]`` instead).
* ``check``: keyword arguments for ``symcount.check``; numbers in an
  ``against`` spec (``"lstm 25 100"``) give the sizes of a numeric example.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping


@dataclass(frozen=True)
class Case:
    text: str
    source: str
    target: str
    python: Callable[..., int]
    symbols: Mapping[str, str] = field(default_factory=dict)
    check: Mapping[str, object] = field(default_factory=dict)
    note: str = ""
    sizes: Mapping[str, int] = field(default_factory=dict)

    @property
    def composed(self) -> bool:
        """True where the text was written for this corpus, not found at a source.

        A homework-style answer (note "composed...", or a source that says it was
        "composed for this corpus"), and the project's own notes (``OWN_SOURCES``):
        neither is a formula as people write it.
        """
        return (self.note.startswith("composed") or "composed for this corpus" in self.source
                or self.source in OWN_SOURCES)

    @property
    def quoted(self) -> bool:
        """The text as written at its (public, third-party) source."""
        return not self.composed


def const(n):
    """A transcription of a purely numeric formula: ignores the sizes."""
    return lambda *a, **k: n


# ----------------------------------------------------------------- sources
FORUM = ("Mathematics Stack Exchange, 'How many parameters does the neural network have?' "
         "(asked by emily, Aug 26 2019), mirrored at "
         "https://imathworks.com/math/math-how-many-parameters-does-the-neural-network-have")
FORUM_A1 = FORUM + " -- answer 1 (accepted, Steven31415)"
FORUM_A2 = FORUM + " -- answer 2"
FORUM_A3 = FORUM + " -- answer 3"
FORUM_COMMENT = FORUM + " -- comments under answer 1 (hrkrshnn / Steven31415, Jan 2020)"
SEED = "symcount seed notes on the forum thread, /work/shared/seed/forum-formulas.md"
OWN_SOURCES = (SEED,)  # our own output: not counted as quoted
HW_NG = ("homework-style answer composed for this corpus in Andrew Ng's notation "
         "(deeplearning.ai 'Neural Networks and Deep Learning', week 4: n^{[l]} units in layer l)")
HW = ("homework-style answer composed for this corpus in the notation of the forum question "
      "(" + FORUM + ")")
NG_DLAI = ("Andrew Ng, deeplearning.ai 'Neural Networks and Deep Learning', week 4 notation "
           "(W^{[l]}: (n^{[l]}, n^{[l-1]}), b^{[l]}: (n^{[l]}, 1)); notes at "
           "https://wiki.adhadse.com/ml/intro-dl/neural-networks/week4/")
NG_ML = ("Andrew Ng, Machine Learning (Coursera/Stanford, 2011), 'Neural Networks: Representation': "
         "'If network has s_j units in layer j, s_{j+1} units in layer j+1, then Theta^{(j)} will "
         "be of dimension s_{j+1} x (s_j + 1)'")
UFLDL = ("Stanford UFLDL tutorial, 'Neural Networks' (s_l units in layer l, n_l layers), "
         "http://ufldl.stanford.edu/wiki/index.php/Neural_Networks")
BETCKE = "Timo Betcke, 'Multilayer Perceptron (MLP)', https://timobetcke.me/bucket/Neural+Networks/Multilayer+Perceptron+(MLP)"
CALC_MLP = "Fully Connected Neural Network Parameter Calculator, https://cal53.calculator.city/?p=317912"
EH_MLP = "errorhandle.ai, 'Calculate the parameters per model layer for Keras MLP', https://errorhandle.ai/calculate-the-parameters-per-model-layer-for-keras-mlp"
EH_SUM = "errorhandle.ai, 'Keras model.summary() result - understanding the # of parameters', https://errorhandle.ai/keras-model-summary-result-understanding-the-of-parameters"
GENAI = "GenAI learning, chapter 3.3 'Neural network architecture', https://genai-learnning.vercel.app/chapter/3-3"
PUPU = "pupuweb, 'CNN: how to calculate parameters in a fully connected neural network layer', https://pupuweb.com/convolutional-neural-network-cnn-how-to-calculate-parameters-in-a-fully-connected-neural-network-layer"
DSSE_78065 = "Data Science Stack Exchange 78065, 'Fully-Connected DNN: Compute the numbers of free parameter in a DNN', https://datascience.stackexchange.com/questions/78065/fully-connected-dnn-compute-the-numbers-of-free-parameter-in-a-dnn"
STUDYX = "studyx.ai homework 106157310, 'How many learnable parameters including bias are there in the network (3-6-4-2)', https://studyx.ai/homework/106157310-how-many-learnable-parameters-including-bias-are-there-in-the-network-input-layer-3"
QAI = "questionai.com, 'Suppose we are building a neural network with 2 hidden layers and 2 neurons in each hidden layer', https://questionai.com/questions-tnJPZUyV5L/suppose-building-neural-network-2-hidden-layers-2"
CV_QUIZ = "Cross Validated, 'Counting number of parameters in neural networks' (in-class quiz 20-10-5), as reproduced in the nvidia/Nemotron-CC-Math-v1 dataset, https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
CV_AIC = "Cross Validated, 'How to tell how many learnable parameters there are in a neural network?' (Oct 8 2020), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
TOTALNN = "'How To Calculate Total Number Of Parameters In The Neural Network', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
LFD_HW6 = "Caltech Learning From Data forum, 'Homework 6 #10: Counting Weights' (mjbeeson), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
GEEKSMENTAL = "geeksmental, 'How Did Keras Determine The Number of Parameters In My Model', https://www.geeksmental.com/question/how-did-keras-determine-the-number-of-parameters-in-my-model"
DSSE_39718 = "Data Science Stack Exchange 39718, 'Can't understand output shape of a Dense layer - keras', https://datascience.stackexchange.com/questions/39718/cant-understand-output-shape-of-a-dense-layer-keras"
DENSE_Q = "'How many parameters are in a dense layer?', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
SUMMARY_MATH = "'Explain the Math Behind the Parameters Shown by model.summary()', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
SYNTAXFIX = "syntaxfix, 'Keras model.summary() result - Understanding the # of Parameters', https://syntaxfix.com/question/3223/keras-model-summary-result-understanding-the-of-parameters"
CODEHUNTER = "codehunter.cc, 'Keras model.summary() result - Understanding the # of Parameters', https://codehunter.cc/a/python/keras-model-summary-result-understanding-the-of-parameters"
TECHQA = "math.techqa.club, 'Functional Description of a Feed Forward Neural Network with 2 Hidden Layers', https://math.techqa.club/functional-description-of-a-feed-forward-neural-network-with-2-hidden-layers-4657100"
AISE_DEPTH = "Artificial Intelligence Stack Exchange, 'How Can We Create Neural Networks with Different Depths and Widths But Same Number of Parameters?', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
KETO = "Keto Zhang, notes 'Fully Connected Layer', https://ketozhang.github.io/notes/Data_Science/Statistical_Modeling/Neural_Networks/Fully_Connected_Layer.html"
CHINMAYI = "Chinmayi Sahu, 'Notation of Fully Connected Neural Network', https://chinmayi-sahu.medium.com/notation-of-fully-connected-neural-network-ddce4a21ebf"
B3B1 = "3Blue1Brown, 'But what is a neural network? | Chapter 1, Deep learning' (2017), https://www.youtube.com/watch?v=aircAruvnKk"
SO_VGG = "Stack Overflow 28232235, 'How to calculate the number of parameters of convolutional neural networks?', https://stackoverflow.com/questions/28232235/how-to-calculate-the-number-of-parameters-of-convolutional-neural-networks"
CS231N_VGG = "CS231n lecture notes VGGNet breakdown, quoted at https://newbe.dev/how-to-calculate-the-number-of-parameters-of-convolutional-neural-networks"
CS231N = "CS231n, 'Convolutional Neural Networks (CNNs / ConvNets)', https://cs231n.github.io/convolutional-networks/"
LENET_SID = "'LeNet Proved Deep Learning Works, One Layer at a Time', https://sidesshmore.com/ml-journey/2026-07-07-lenet-proved-deep-learning-works-one-layer-at-a-time"
LENET_YG = "Yohanes Gultom, 'Understanding LeNet (LeCun, 1998)', https://yohanes.gultom.id/2016/12/12/understanding-lenet-lecun-1998/"
DLAI_COMM = "DeepLearning.AI community, 'Number of Parameters in a CNN model', https://community.deeplearning.ai/t/number-of-parameters-in-a-cnn-model/655811"
HAMISH = "TAIHLS student page 'Dense Layer Analysis', https://siegle-ncssm.github.io/taihls/students/hamish.html"
CAL6 = "MLP Parameter Calculator, https://cal6.calculator.city/mlp-calculator"
PT_LINEAR = "PyTorch documentation, torch.nn.Linear (weight: (out_features, in_features), bias: (out_features)), https://pytorch.org/docs/stable/generated/torch.nn.Linear.html"
PAPERS_SECTION = ("'Number of parameters' of a depth-L ReLU network, as commonly stated in approximation-theory "
                  "papers (e.g. Petersen & Voigtlaender, 'Optimal approximation of piecewise smooth functions using "
                  "deep ReLU neural networks', Neural Networks 2018)")

KELDO = "AI Stack Exchange 24145, 'What is the computational complexity ... of a gated recurrent unit?' (question), mirrored at https://wiki.keldo.uk/content/ai.stackexchange.com_en_all_2023-10/questions/24145/what-is-the-computational-complexity-in-terms-of-big-o-notation-of-a-gated-rec"
CV_499582 = "Cross Validated 499582, 'How many parameters are in my neural network?', https://stats.stackexchange.com/questions/499582/how-many-parameters-are-in-my-neural-network"
CODEMIA = "Codemia knowledge hub, 'Keras model.summary result - Understanding the # of Parameters', https://codemia.io/knowledge-hub/path/keras_modelsummary_result_-_understanding_the_of_parameters"
SKJ = "skj092/Ann-Experiments notebook (Fashion-MNIST optimizers), https://github.com/skj092/Ann-Experiments"
EH_RNN = "errorhandle.ai, 'Matrix calculations in SimpleRNN (Keras)', https://errorhandle.ai/matrix-calculations-in-simplernn-keras"
INTELLIPAAT = "Intellipaat community, 'How to calculate the number of parameters of convolutional neural networks?', https://intellipaat.com/community/7061/how-to-calculate-the-number-of-parameters-of-convolutional-neural-networks"
BB8MIU = "blackberry.8miu.com (zh), VGGNet/VGG16 layer walk-through, https://blackberry.8miu.com/read-30447.html"

# ------------------------------------------------------------------ MLP
def _w(layout):
    return {"layout": layout}


H = _w("h_0..h_l")
NL = _w("n^{[0]}..n^{[L]}")

MLP_CASES = [
    # --- the forum thread
    Case(r"784\times 16+16\times16+16\times10=12960", FORUM_A1, "mlp", const(12960),
         check={"widths": [784, 16, 16, 10]}, note="weights only (the answer adds the 42 biases separately)"),
    Case(r"32+10 = 42", FORUM_A1, "mlp", const(42), check={"widths": [784, 16, 16, 10]},
         note="the biases only: not a parameter count of the network"),
    Case(r"$13002$", FORUM_A1, "mlp", const(13002), check={"widths": [784, 16, 16, 10]},
         note="the answer's total: every non-input neuron has a bias"),
    Case(r"n_0\times n_1 + n_1\times n_2 + n_2\times n_3 + \dots + n_{l-2}\times n_{l-1} + ( n_1+n_2+n_3+\dots + n_{l-1})\ .",
         FORUM_A2, "mlp",
         lambda w, L: (lambda l: sum(w[i] * w[i + 1] for i in range(0, l - 1)) + sum(w[i] for i in range(1, l)))(L + 1),
         symbols=_w("n_0..n_{l-1}"),
         note="answer 2 with the '+' before n_{l-1} restored; l counts layers including the input, so l = L + 1"),
    Case(r"(2x2)+(2x2)+(2+2)=12", FORUM_A2, "mlp", const(12), check={"widths": [2, 2, 2]},
         note="the 2x2x2 example of answer 2"),
    Case(r"(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]", FORUM_A3, "mlp",
         lambda w, L: (w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[4] * w[5]) + (w[1] + w[2] + w[3] + w[4] + w[5]),
         symbols=H, check={"depth": 5}, note="wrong: omits h3*h4"),
    Case(r"no of params $= (h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]$", FORUM_A3, "mlp",
         lambda w, L: (w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[4] * w[5]) + (w[1] + w[2] + w[3] + w[4] + w[5]),
         symbols=H, check={"depth": 5}, note="wrong: omits h3*h4 (with the answer's left-hand side)"),
    Case(r"12992", FORUM_COMMENT, "mlp", const(12992), check={"widths": [784, 16, 16, 10], "bias": "hidden"},
         note="the comment's count without output biases (12960 + 32), asked in that convention"),
    Case(r"12992", FORUM_COMMENT, "mlp", const(12992), check={"widths": [784, 16, 16, 10]},
         note="no output biases, checked against the thread's settled convention (output biases)"),
    Case(r"sum_{i=1}^{l} h_{i-1} h_i  +  sum_{i=1}^{l} h_i", SEED, "mlp",
         lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L + 1)) + sum(w[i] for i in range(1, L + 1)),
         symbols=H, check={"against": "mlp"}),
    Case(r"h_0 \times h_1 + h_1 \times h_2 + \dots + h_{l-1} \times h_l + (h_1 + h_2 + \dots + h_l)", SEED, "mlp",
         lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L + 1)) + sum(w[1:L + 1]),
         symbols=H, check={"against": "mlp"}),
    Case(r"h0*h1 + h1*h2 + h2*h3 + h3*h4 + h4*h5 + h1 + h2 + h3 + h4 + h5", SEED, "mlp",
         lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[3] * w[4] + w[4] * w[5] + w[1] + w[2] + w[3] + w[4] + w[5],
         symbols=H, check={"depth": 5}),
    # --- textbook / course notation
    Case(r"\sum_{l=1}^{L} n^{[l]}(n^{[l-1]}+1)", NG_DLAI, "mlp",
         lambda w, L: sum(w[l] * (w[l - 1] + 1) for l in range(1, L + 1)), symbols=NL,
         note="sum of the shapes of W^{[l]} and b^{[l]}"),
    Case(r"\sum_{l=1}^{L} \left( n^{[l]} n^{[l-1]} + n^{[l]} \right)", NG_DLAI, "mlp",
         lambda w, L: sum(w[l] * w[l - 1] + w[l] for l in range(1, L + 1)), symbols=NL),
    Case(r"\sum_{l=1}^{L} n^{[l]} \times n^{[l-1]}", NG_DLAI, "mlp",
         lambda w, L: sum(w[l] * w[l - 1] for l in range(1, L + 1)), symbols=NL,
         note="W^{[l]} only: forgets b^{[l]}"),
    Case(r"\sum_{l=1}^{L} n^{[l]}(n^{[l-1]}+1) - n^{[L]}", HW_NG, "mlp",
         lambda w, L: sum(w[l] * (w[l - 1] + 1) for l in range(1, L + 1)) - w[L], symbols=NL,
         check={"bias": "hidden"}, note="composed: no output bias, asked in that convention"),
    Case(r"\sum_{l=1}^{L-1} n^{[l]}(n^{[l-1]}+1)", HW_NG, "mlp",
         lambda w, L: sum(w[l] * (w[l - 1] + 1) for l in range(1, L)), symbols=NL,
         note="composed: stops one layer early (forgets the output layer)"),
    Case(r"\sum_{l=1}^{L} n^{(l)}\left(n^{(l-1)}+1\right)", HW_NG, "mlp",
         lambda w, L: sum(w[l] * (w[l - 1] + 1) for l in range(1, L + 1)), symbols=_w("n^{(0)}..n^{(L)}"),
         note="composed: round-bracket superscripts"),
    Case(r"s_{j+1} \times (s_j + 1)", NG_ML, "mlp", lambda w, L: w[1] * (w[0] + 1),
         symbols=_w("s_j..s_{j+1}"), check={"depth": 1}, note="one layer, Theta^{(j)} with its bias column"),
    Case(r"\sum_{j=1}^{L-1} s_{j+1}(s_j+1)", NG_ML, "mlp",
         lambda w, L: (lambda LL: sum(w[j] * (w[j - 1] + 1) for j in range(1, LL)))(L + 1),
         symbols=_w("s_1..s_L"), note="L counts all layers (input included): widths s_1..s_L"),
    Case(r"\sum_{j=1}^{L} s_{j+1}(s_j+1)", NG_ML, "mlp",
         lambda w, L: sum(w[j] * (w[j - 1] + 1) for j in range(1, L + 1)),
         symbols=_w("s_1..s_{L+1}"),
         note="composed variant reading L as the number of weight layers (widths s_1..s_{L+1})"),
    Case(r"\sum_{l=1}^{n_l-1} s_{l+1}(s_l+1)", UFLDL, "mlp",
         lambda w, L: (lambda nl: sum(w[l] * (w[l - 1] + 1) for l in range(1, nl)))(L + 1),
         symbols=_w("s_1..s_{n_l}"), note="composed from UFLDL's shapes W^{(l)}: s_{l+1} x s_l, b^{(l)}: s_{l+1}"),
    Case(r"P = \sum_{k=0}^L (n_{k} +1)n_{k+1}.", BETCKE, "mlp",
         lambda w, L: (lambda Lh: sum((w[k] + 1) * w[k + 1] for k in range(0, Lh + 1)))(L - 1),
         symbols=_w("n_0..n_{L+1}"), note="L is the number of hidden layers here"),
    Case(r"Total Parameters = Σ[(input_neurons × output_neurons) + output_neurons] for all layers", CALC_MLP, "mlp",
         lambda w, L: sum(w[i - 1] * w[i] + w[i] for i in range(1, L + 1)), symbols=_w("words")),
    Case(r"\text{Total Parameters} = \sum_{i=1}^{L-1} (n_i \times n_{i+1} + n_{i+1})", TOTALNN, "mlp",
         lambda w, L: (lambda LL: sum(w[i - 1] * w[i] + w[i] for i in range(1, LL)))(L + 1),
         symbols=_w("n_1..n_L"), note="L = total number of layers; widths numbered from 1"),
    Case(r"3 \times 4 + 4 = 16", TOTALNN, "mlp", const(16), check={"widths": [3, 4]}),
    Case(r"16 + 10 = 26", TOTALNN, "mlp", const(26), check={"widths": [3, 4, 2]}),
    Case(r"n(d+1)", KETO, "mlp", lambda w, L: w[1] * (w[0] + 1), symbols=_w("d..n"), check={"depth": 1},
         note="one fully connected layer, d features in, n units"),
    Case(r"parameters = (number of input units x number of output units) + number of output units", EH_MLP, "mlp",
         lambda w, L: w[0] * w[1] + w[1], symbols=_w("words"), check={"depth": 1}),
    Case(r"Parameters = (100 x 64) + 64 = 6,464", EH_MLP, "mlp", const(6464), check={"widths": [100, 64]}),
    Case(r"Parameters = (64 x 32) + 32 = 2,080", EH_MLP, "mlp", const(2080), check={"widths": [64, 32]}),
    Case(r"Parameters = (32 x 10) + 10 = 330", EH_MLP, "mlp", const(330), check={"widths": [32, 10]}),
    Case(r"6,464 + 2,080 + 330 = 8,874", EH_MLP, "mlp", const(8874), check={"widths": [100, 64, 32, 10]}),
    Case(r"(128 x 64) + 64 = 8,256", EH_SUM, "mlp", const(8256), check={"widths": [128, 64]}),
    Case(r"Total = prev × curr + curr", GENAI, "mlp", lambda w, L: w[0] * w[1] + w[1],
         symbols=_w("prev..curr"), check={"depth": 1}),
    Case(r"3×4 + 4 = 16 params", GENAI, "mlp", const(16), check={"widths": [3, 4]}),
    Case(r"4×2 + 2 = 10 params", GENAI, "mlp", const(10), check={"widths": [4, 2]}),
    Case(r"Grand total = 26 parameters", GENAI, "mlp", const(26), check={"widths": [3, 4, 2]}),
    Case(r"Total parameters=(Input size×Number of neurons)+Number of neurons", PUPU, "mlp",
         lambda w, L: w[0] * w[1] + w[1], symbols=_w("words"), check={"depth": 1}),
    Case(r"Total parameters=(16,384×256)+256=4,194,304+256=4,194,560", PUPU, "mlp", const(4194560),
         check={"widths": [16384, 256]}),
    Case(r"Total weights=16,384×256=4,194,304", PUPU, "mlp", const(4194304), check={"widths": [16384, 256]},
         note="weights only, offered as answer C of the quiz"),
    Case(r"15 + 3 + 9 + 3 + 12 + 4 + 8 + 2 = 56", DSSE_78065, "mlp", const(56), check={"widths": [5, 3, 3, 4, 2]}),
    Case(r"5*3 = 15", DSSE_78065, "mlp", const(15), check={"widths": [5, 3]}, note="weights of layer 1 only"),
    Case(r"18 (weights) + 6 (biases) = 24 parameters", STUDYX, "mlp", const(24), check={"widths": [3, 6]}),
    Case(r"Weights = 6 (hidden layer 1 neurons) * 4 (hidden layer 2 neurons) = 24", STUDYX, "mlp", const(24),
         check={"widths": [6, 4]}, note="weights only"),
    Case(r"24 (weights) + 4 (biases) = 28 parameters", STUDYX, "mlp", const(28), check={"widths": [6, 4]}),
    Case(r"$(5 weights + 1 bias) * 2 neurons = 12$", QAI, "mlp", const(12), check={"widths": [5, 2]}),
    Case(r"$(2 weights + 1 bias) * 2 neurons = 6$", QAI, "mlp", const(6), check={"widths": [2, 2]}),
    Case(r"$2 weights + 1 bias = 3$", QAI, "mlp", const(3), check={"widths": [2, 1]}),
    Case(r"$12 parameters (for the first hidden layer) + 6 parameters (for the second hidden layer) + 3 parameters (for the output layer)= 21 parameters$",
         QAI, "mlp", const(21), check={"widths": [5, 2, 2, 1]}),
    Case(r"(20 \times 10) + (10 \times 5) + (10 + 5) = 265", CV_QUIZ, "mlp", const(265), check={"widths": [20, 10, 5]}),
    Case(r"\text{weights} = (I+1) \times H1 + (H1+1) \times H2 + (H2+1) \times O", CV_QUIZ, "mlp",
         lambda w, L: (w[0] + 1) * w[1] + (w[1] + 1) * w[2] + (w[2] + 1) * w[3],
         symbols={"layout": "I, H1, H2, O"}, check={"depth": 3}),
    Case(r"(100 \times 1000) + (1000 \times 1) = 101000", CV_AIC, "mlp", const(101000),
         check={"widths": [100, 1000, 1]}, note="the asker's count: no biases"),
    Case(r"1000 \times 100 + 1000", CV_AIC, "mlp", const(101000), check={"widths": [100, 1000]},
         note="the answer's first layer with its biases"),
    Case(r"1000 + 1", CV_AIC, "mlp", const(1001), check={"widths": [1000, 1]}),
    Case(r"4 + 2 = 6", LFD_HW6, "mlp", const(6), check={"widths": [2, 2, 1]}, note="weights without bias"),
    Case(r"This totals to 9 weights", LFD_HW6, "mlp", const(9), check={"widths": [2, 2, 1]},
         note="the reply's count with the bias weights"),
    Case(r"# of params = # of outputs * (# of inputs + 1)", GEEKSMENTAL, "mlp",
         lambda w, L: w[1] * (w[0] + 1), symbols=_w("words"), check={"depth": 1}),
    Case(r"Number of params layer 1 = 2 * (256+1) = 2*257 = 514 Params", GEEKSMENTAL, "mlp", const(514),
         check={"widths": [256, 2]}),
    Case(r"Number of params layer 2 = 3 * (2+1) = 3*3 = 9 Params", GEEKSMENTAL, "mlp", const(9),
         check={"widths": [2, 3]}),
    Case(r"Number of params layer 3 = 4 * (3+1) = 4*4 = 16 Params", GEEKSMENTAL, "mlp", const(16),
         check={"widths": [3, 4]}),
    Case(r"Total params: 539", GEEKSMENTAL, "mlp", const(539), check={"widths": [256, 2, 3, 4]}),
    Case(r"(3 * 512) + 512 = 2048", DSSE_39718, "mlp", const(2048), check={"widths": [3, 512]}),
    Case(r"(512 * 10) + 10 = 5130", DSSE_39718, "mlp", const(5130), check={"widths": [512, 10]}),
    Case(r"512*3 (weights) + 512 (biases) = 2048", DSSE_39718, "mlp", const(2048), check={"widths": [3, 512]}),
    Case(r"64 \times (576 + 1) = 36928", DENSE_Q, "mlp", const(36928), check={"widths": [576, 64]}),
    Case(r"256 \times 512 + 512 = 131584", SUMMARY_MATH, "mlp", const(131584), check={"widths": [256, 512]}),
    Case(r"output_size * (input_size + 1) == number_parameters", SYNTAXFIX, "mlp",
         lambda w, L: w[1] * (w[0] + 1), symbols=_w("input_size..output_size"), check={"depth": 1}),
    Case(r"assert num_classes * (128 + 1) == 1290", SYNTAXFIX, "mlp", const(1290), check={"widths": [128, 10]}),
    Case(r"514 (input values) * 514 (neurons in the first layer) + 514 (bias values)", CODEHUNTER, "mlp",
         const(514 * 514 + 514), check={"widths": [514, 514]}),
    Case(r"7850", CODEHUNTER, "mlp", const(7850), check={"widths": [784, 10]},
         note="784 input weights plus a bias for each of 10 units"),
    Case(r"\text{expected params} = 2*m + m*k + k*d + k", TECHQA, "mlp",
         lambda w, L: 2 * w[2] + w[2] * w[1] + w[1] * w[0] + w[1],
         symbols={"layout": "d, k, m, 1", "w[-1]": "1"}, check={"depth": 3},
         note="d inputs, k and m hidden units, one output without bias: the writer says so"),
    Case(r"\text{expected params} = 2*m + m*k + k*d + k", TECHQA, "mlp",
         lambda w, L: 2 * w[2] + w[2] * w[1] + w[1] * w[0] + w[1],
         symbols={"layout": "d, k, m, 1", "w[-1]": "1"}, check={"depth": 3, "bias": "hidden"},
         note="same formula asked in its own convention (no output bias)"),
    Case(r"\text{params} = 2*m +2*m*k + m*k*d", TECHQA, "mlp",
         lambda w, L: 2 * w[2] + 2 * w[2] * w[1] + w[2] * w[1] * w[0],
         symbols={"layout": "d, k, m, 1", "w[-1]": "1"}, check={"depth": 3},
         note="the asker's count from the paper's w^{ij} indexing: wrong"),
    Case(r"p_1 = ab_1 + b_1c", AISE_DEPTH, "mlp", lambda w, L: w[0] * w[1] + w[1] * w[2],
         symbols={"layout": "a, b_1, c"}, check={"depth": 2}, note="weights only: no biases"),
    Case(r"p_2 = ab_2 + b_2b_2 + b_2c \\ = ab_2 + b_2^2 + b_2c", AISE_DEPTH, "mlp",
         lambda w, L: w[0] * w[1] + w[1] ** 2 + w[1] * w[3],
         symbols={"layout": "a, b_2, b_2, c", "hidden": "equal"}, check={"depth": 3},
         note="equal hidden widths, no biases"),
    Case(r"p_m = ab_m + \sum_{i=1}^{m}{b_m^2} + b_mc", AISE_DEPTH, "mlp",
         lambda w, L: (lambda m: w[0] * w[1] + sum(w[1] ** 2 for i in range(1, m + 1)) + w[1] * w[L])(L - 1),
         symbols={"layout": "a, b_m x m, c", "hidden": "equal"},
         note="wrong: m hidden layers have m-1 hidden-to-hidden matrices, not m (and no biases)"),
    Case(r"4 * 3 = 12", CHINMAYI, "mlp", const(12), check={"widths": [4, 3]}, note="weights only (bias excluded by the writer)"),
    Case(r"13,002", B3B1, "mlp", const(13002), check={"widths": [784, 16, 16, 10]},
         note="the video's total of weights and biases"),
    Case(r"784×16 + 16×16 + 16×10 weights and 16 + 16 + 10 biases", B3B1, "mlp",
         const(784 * 16 + 16 * 16 + 16 * 10 + 16 + 16 + 10), check={"widths": [784, 16, 16, 10]}),
    Case(r"128x3x3x256 (weights) + 256 (biases) = 295,168", SO_VGG, "mlp", const(295168),
         check={"widths": [128 * 9, 256]}, note="a conv layer seen as one dense layer of 3x3x128 inputs"),
    Case(r"fc1 (x): (512x7x7)x4,096 (weights) + 4,096 (biases)", SO_VGG, "mlp", const(512 * 7 * 7 * 4096 + 4096),
         check={"widths": [25088, 4096]}),
    Case(r"fc2    : 4,096x4,096     (weights) + 4,096 (biases)", SO_VGG, "mlp", const(4096 * 4096 + 4096),
         check={"widths": [4096, 4096]}),
    Case(r"fc3    : 4,096x1,000     (weights) + 1,000 (biases)", SO_VGG, "mlp", const(4097000),
         check={"widths": [4096, 1000]}),
    Case(r"FC: [1x1x4096] weights: 7*7*512*4096 = 102,760,448", CS231N_VGG, "mlp", const(102760448),
         check={"widths": [25088, 4096]}, note="CS231n counts weights only (biases left out)"),
    Case(r"FC: [1x1x1000] weights: 4096*1000 = 4,096,000", CS231N_VGG, "mlp", const(4096000),
         check={"widths": [4096, 1000]}, note="weights only"),
    Case(r"(400\times120)+120=48120", LENET_SID, "mlp", const(48120), check={"widths": [400, 120]}),
    Case(r"Total Weights ($ \text{Input} \times \text{Output} $) + Bias Parameters ($ \text{Output} $)", HAMISH,
         "mlp", lambda w, L: w[0] * w[1] + w[1], symbols=_w("Input..Output"), check={"depth": 1}),
    Case(r"Number of Weights = (Number of Neurons in Layer i) × (Number of Neurons in Layer i+1)", CAL6, "mlp",
         lambda w, L: w[0] * w[1], symbols=_w("words"), check={"depth": 1}, note="weights only"),
    Case(r"in\_features \times out\_features + out\_features", PT_LINEAR, "mlp",
         lambda w, L: w[0] * w[1] + w[1], symbols=_w("in_features..out_features"), check={"depth": 1},
         note="composed from the documented weight and bias shapes"),
    Case(r"\sum_{\ell=1}^{L} N_\ell (N_{\ell-1}+1)", PAPERS_SECTION, "mlp",
         lambda w, L: sum(w[l] * (w[l - 1] + 1) for l in range(1, L + 1)), symbols=_w("N_0..N_L"),
         note="counting every weight and bias entry (papers often count nonzero entries instead)"),
    Case(r"For FNN: $W = IH + HK$", KELDO, "mlp", lambda w, L: w[0] * w[1] + w[1] * w[2],
         symbols={"layout": "I, H, K"}, check={"depth": 2}, note="edges only (the question counts connections, no biases)"),
    Case(r"5 (including bias) weights in the second layer", CV_499582, "mlp", const(5), check={"widths": [4, 1]},
         note="the asker's output layer: 4 weights and a bias"),
    Case(r"4 weights in the first layer (weights from input to hidden)", CV_499582, "mlp", const(4),
         check={"widths": [1, 4]}, note="the asker forgets the hidden biases (the answer adds them)"),
    Case(r"640", CODEMIA, "mlp", const(640), check={"widths": [10, 64]},
         note="the page's count for a 10-input, 64-unit dense layer: the weights only (650 with biases)"),
    Case(r"Total params: 101,770", SKJ, "mlp", const(101770), check={"widths": [784, 128, 10]}),
    Case(r"dense (Dense) (None, 128) 100480", SKJ, "mlp", const(100480), check={"widths": [784, 128]}),
]

# homework-style answers in the question's notation (variety of notation)
_corr = lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L + 1)) + sum(w[1:L + 1])
_hid = lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L + 1)) + sum(w[1:L])
_none = lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L + 1))
_stop = lambda w, L: sum(w[i - 1] * w[i] for i in range(1, L)) + sum(w[1:L])  # last width h_{l-1}

HW_CASES = [
    (r"∑_{i=1}^{𝑙} ℎ_{i−1}ℎ_i + ∑_{i=1}^{𝑙} ℎ_i", _corr, {}, "Unicode as pasted (mathematical italic, U+2212)"),
    (r"ℎ0ℎ1 + ℎ1ℎ2 + ... + ℎ𝑙−1ℎ𝑙 + ℎ1 + ℎ2 + ... + ℎ𝑙", _corr, {}, "the question's pasted Unicode, digits as plain indices"),
    (r"h₀h₁ + h₁h₂ + … + h_{l−1}h_l + h₁ + … + h_l", _corr, {}, "Unicode subscripts"),
    (r"\sum_{i=1}^{l} (h_{i-1}+1) h_i", _corr, {}, ""),
    (r"\sum\limits_{i=1}^{l} h_i (h_{i-1} + 1)", _corr, {}, ""),
    (r"\sum_{i=0}^{l-1} (h_i + 1) h_{i+1}", _corr, {}, "index shifted"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l-1} h_i", _hid, {}, "no output bias"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l-1} h_i", _hid, {"bias": "hidden"}, "no output bias, asked so"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i", _none, {}, "weights only"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i", _none, {"bias": "none"}, "weights only, asked without biases"),
    (r"\sum_{i=1}^{l-1} h_{i-1} h_i + \sum_{i=1}^{l-1} h_i", _stop, {}, "stops at h_{l-1}: wrong"),
    (r"\sum_{i=1}^{l} (h_{i-1} + 1) \cdot h_i", _corr, {}, ""),
    (r"\sum_{i=1}^{l} h_{i-1} \times h_i + \sum_{i=1}^{l} h_i", _corr, {}, ""),
    (r"sum_{i=1}^{l} (h[i-1]*h[i] + h[i])", _corr, {}, "bracket indices"),
    (r"sum_{i=1}^l (h(i-1)+1)*h(i)", _corr, {}, "function-call indices"),
    (r"\#\text{params} = \sum_{i=1}^{l} h_i\left(h_{i-1}+1\right)", _corr, {}, ""),
    (r"P = \sum_{i=1}^{l} (h_{i-1} h_i + h_i).", _corr, {}, "trailing period"),
    (r"N(h) = \sum_{i=1}^{l} h_{i-1}h_i + \sum_{i=1}^{l} h_i,", _corr, {}, "trailing comma"),
    (r"\[ \sum_{i=1}^{l} (h_{i-1}+1)h_i \]", _corr, {}, ""),
    (r"\( \sum_{i=1}^{l} h_{i-1}h_i + h_1 + \dots + h_l \)", _corr, {}, ""),
    (r"\begin{equation} \sum_{i=1}^{l} h_{i}(h_{i-1}+1) \end{equation}", _corr, {}, ""),
    (r"\begin{align*} \text{params} &= \sum_{i=1}^{l} h_{i-1}h_i + \sum_{i=1}^{l} h_i \end{align*}", _corr, {}, ""),
    (r"$\sum_{i=1}^{l} h_{i-1}h_i + \sum_{i=1}^{l} h_i$", _corr, {}, ""),
    (r"$$\sum_{i=1}^{l}(h_{i-1}+1)h_i$$", _corr, {}, ""),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=0}^{l} h_i",
     lambda w, L: _none(w, L) + sum(w[0:L + 1]), {}, "gives the input nodes biases: wrong"),
    (r"\sum_{i=1}^{l} (h_{i-1}+1)(h_i+1)",
     lambda w, L: sum((w[i - 1] + 1) * (w[i] + 1) for i in range(1, L + 1)), {}, "wrong"),
    (r"\sum_{i=1}^{l} h_{i-1} (h_i + 1)",
     lambda w, L: sum(w[i - 1] * (w[i] + 1) for i in range(1, L + 1)), {}, "bias counted per input node: wrong"),
    (r"\sum_{i=1}^{l} h_{i-1}h_i + l", lambda w, L: _none(w, L) + L, {}, "one bias per layer: wrong"),
    (r"(h_0+1)h_1 + (h_1+1)h_2 + \cdots + (h_{l-1}+1)h_l", _corr, {}, ""),
    (r"h_0 h_1 + h_1 h_2 + \cdots + h_{l-2} h_{l-1} + h_1 + \cdots + h_{l-1}", _stop, {},
     "last width h_{l-1} against the h_0..h_l network: wrong"),
    (r"h_0 \ast h_1 + h_1 \ast h_2 + \dots + h_{l-1} \ast h_l + h_1 + \dots + h_l", _corr, {}, ""),
    (r"\sum_{\ell=1}^{l} h_{\ell-1} h_\ell + \sum_{\ell=1}^{l} h_\ell", _corr, {}, "\\ell as index"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i − h_l", _hid, {}, "U+2212 minus; no output bias"),
    (r"∑ᵢ₌₁ˡ (hᵢ₋₁ + 1)·hᵢ", _corr, {}, "Unicode sub/superscripts"),
    (r"h_0 × h_1 + h_1 × h_2 + … + h_{l−1} × h_l", _none, {}, "weights only"),
    (r"2 \sum_{i=1}^{l} h_i", lambda w, L: 2 * sum(w[1:L + 1]), {}, "wrong"),
    (r"\sum_{i=1}^{l}\left(h_{i-1}h_{i}+h_{i}\right)", _corr, {}, ""),
    (r"\sum_{i=1}^{l} h_{i-1}\cdot h_{i} + \sum_{i=1}^{l} h_{i}", _corr, {}, ""),
    (r"\sum_{i=1}^{l} (h_{i-1}+1) h_i - h_l", _hid, {"bias": "hidden"}, ""),
    (r"h_0 h_1 + \sum_{i=2}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i", _corr, {}, ""),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=2}^{l} h_i", lambda w, L: _none(w, L) + sum(w[2:L + 1]), {},
     "forgets the first hidden layer's biases: wrong"),
    (r"\sum_{i=1}^{L} (h_{i-1}+1) h_i", _corr, {}, "depth written L"),
    (r"\sum_{k=1}^{n} h_k (h_{k-1}+1)", _corr, {}, "depth written n"),
    (r"\sum_{i=1}^{\ell} (h_{i-1}+1) h_i", _corr, {}, "depth written \\ell"),
    (r"h_0h_1 + h_1h_2 + h_1 + h_2", lambda w, L: w[0] * w[1] + w[1] * w[2] + w[1] + w[2], {"depth": 2}, "l = 2"),
    (r"h0*h1 + h1*h2 + h1 + h2", lambda w, L: w[0] * w[1] + w[1] * w[2] + w[1] + w[2], {"depth": 2}, "l = 2, plain text"),
    (r"(h_0+1)h_1 + (h_1+1)h_2", lambda w, L: (w[0] + 1) * w[1] + (w[1] + 1) * w[2], {"depth": 2}, ""),
    (r"h₀h₁ + h₁h₂ + h₂h₃ + h₁ + h₂ + h₃",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[1] + w[2] + w[3], {"depth": 3}, ""),
    (r"h_0 h_1 + h_1 h_2 + h_2 h_3 + h_1 + h_2",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[1] + w[2], {"depth": 3}, "no output bias"),
    (r"h_0 h_1 + h_1 h_2 + h_2 h_3 + h_1 + h_2",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[1] + w[2], {"depth": 3, "bias": "hidden"}, "no output bias, asked so"),
    (r"h_0 h_1 + h_1 h_2 + h_1 + h_2 + h_3",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[1] + w[2] + w[3], {"depth": 3}, "forgets h_2 h_3: wrong"),
    (r"h0*h1 + h1*h2 + h2*h3 + h3*h4 + h1+h2+h3",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[3] * w[4] + w[1] + w[2] + w[3], {"depth": 4},
     "l = 4, no output bias"),
    (r"h_0h_1+h_1h_2+h_2h_3+h_3h_4+h_1+h_2+h_3+h_4",
     lambda w, L: w[0] * w[1] + w[1] * w[2] + w[2] * w[3] + w[3] * w[4] + w[1] + w[2] + w[3] + w[4], {"depth": 4}, ""),
    (r"h_0 \cdot h_1 + h_1", lambda w, L: w[0] * w[1] + w[1], {"depth": 1}, "l = 1"),
    (r"(h_0 + 1) \times h_1", lambda w, L: (w[0] + 1) * w[1], {"depth": 1}, ""),
    (r"h_0 h_1", lambda w, L: w[0] * w[1], {"depth": 1}, "no bias"),
    (r"784*16 + 16*16 + 16*10 + 16+16+10 = 13002", const(13002), {"widths": [784, 16, 16, 10]}, ""),
    (r"784 \cdot 16 + 16 \cdot 16 + 16 \cdot 10 + 42 = 13\,002", const(13002), {"widths": [784, 16, 16, 10]}, "thin-space thousands"),
    (r"12{,}960 + 42 = 13{,}002", const(13002), {"widths": [784, 16, 16, 10]}, "{,} thousands"),
    (r"12 960 + 42 = 13 002", const(13002), {"widths": [784, 16, 16, 10]}, "space thousands"),
    (r"(784+1)\times16 + (16+1)\times16 + (16+1)\times10 = 13002", const(13002), {"widths": [784, 16, 16, 10]}, ""),
    (r"785·16 + 17·16 + 17·10 = 13 002", const(13002), {"widths": [784, 16, 16, 10]}, ""),
    (r"784×16 + 16×16 + 16×10 = 12,960", const(12960), {"widths": [784, 16, 16, 10]}, "weights only"),
    (r"13,002.", const(13002), {"widths": [784, 16, 16, 10]}, "trailing period"),
    (r"784*16+16*16+16*10+32 = 12992", const(12992), {"widths": [784, 16, 16, 10]}, "no output bias"),
    (r"784*16+16*16+16*10+32 = 12992", const(12992), {"widths": [784, 16, 16, 10], "bias": "hidden"}, "no output bias, asked so"),
    (r"(784 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 10", const(13002), {"widths": [784, 16, 16, 10]}, ""),
    (r"784 \times 16 + 16 \times 16 + 16 \times 10 + 16 + 16", const(12992), {"widths": [784, 16, 16, 10]}, "no output bias"),
    (r"784*16 + 16*16 + 16*10 + 16 + 16 + 10 + 784", const(13786), {"widths": [784, 16, 16, 10]}, "input biases too: wrong"),
    (r"(2+1)\cdot 2 + (2+1)\cdot 2 = 12", const(12), {"widths": [2, 2, 2]}, "answer 2's 2x2x2 network"),
    (r"2*2 + 2*2 = 8", const(8), {"widths": [2, 2, 2]}, "weights only"),
    (r"2 \times 2 + 2 \times 2 + 2 = 10", const(10), {"widths": [2, 2, 2]}, "hidden biases only"),
    (r"\textstyle\sum_{i=1}^{l} h_{i-1}h_i+\textstyle\sum_{i=1}^{l}h_i", _corr, {}, "\\textstyle"),
    (r"\displaystyle \sum_{i=1}^{l} \left( h_{i-1} + 1 \right) h_{i}", _corr, {}, "\\displaystyle"),
    (r"\sum_{i=1}^{l} h_{i-1}h_{i} + \sum_{j=1}^{l} h_{j}", _corr, {}, "two index letters"),
    (r"\sum_{i = 1}^{l} {h_{i - 1}} {h_i} + \sum_{i = 1}^{l} {h_i}", _corr, {}, "extra braces and spaces"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + h_l", lambda w, L: _none(w, L) + w[L], {}, "output biases only: wrong"),
    (r"\sum_{i=1}^{l} (h_{i-1} h_i + 1)", lambda w, L: _none(w, L) + L, {}, "one bias per layer: wrong"),
    (r"\sum_{i=1}^{l} h_{i-1}(h_{i-1}+1)", lambda w, L: sum(w[i - 1] * (w[i - 1] + 1) for i in range(1, L + 1)), {}, "wrong index"),
    (r"\sum_{i=1}^{l} h_{i-1} h_i + \sum_{i=1}^{l} h_i", _corr, {"against": "mlp"}, "against the question's network"),
    (r"\sum_{i=1}^{l} (h_{i-1}+1) h_i", _corr, {"against": "mlp", "bias": "all"}, "explicit bias='all'"),
    (r"\sum_{i=1}^{l} (h_{i-1}+1) h_i", _corr, {"against": "mlp", "bias": "hidden"}, "correct count asked in the no-output-bias convention"),
    (r"\sum_{i=1}^{l} (h_{i-1}+1) h_i", _corr, {"against": "mlp", "bias": "none"}, "correct count asked without biases"),
    (r"\sum_{i=1}^{l-1} (h_{i-1}+1) h_i", lambda w, L: sum((w[i - 1] + 1) * w[i] for i in range(1, L)), {"against": "mlp"},
     "stops one layer early: wrong"),
    (r"\sum_{i=1}^{l-1} (h_{i-1}+1) h_i + h_{l-1} h_l", lambda w, L: sum((w[i - 1] + 1) * w[i] for i in range(1, L)) + w[L - 1] * w[L],
     {"against": "mlp"}, "output layer without bias, written out"),
]

for _text, _py, _check, _note in HW_CASES:
    MLP_CASES.append(Case(_text, HW, "mlp", _py, symbols=dict(H), check=dict(_check),
                          note=("composed; " + _note).rstrip("; ")))

# ------------------------------------------------------------ recurrent
DSSE_LSTM = ("Data Science Stack Exchange, 'Number of parameters in an LSTM model' (answers by wabbitwabbit "
             "and Adam Oudad), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1")
NEWBEDEV = "newbedev, 'How to calculate the number of parameters of an LSTM network?', https://newbedev.com/how-to-calculate-the-number-of-parameters-of-an-lstm-network"
NEWBE = "newbe.dev, 'How to calculate the number of parameters of an LSTM network?', https://newbe.dev/how-to-calculate-the-number-of-parameters-of-an-lstm-network"
DL4CV = "NguyenThienAn0610/DL4CV_Projects notebook, 'Formula to calculate the number of parameters of LSTM', https://github.com/NguyenThienAn0610/DL4CV_Projects"
DSSE_128705 = "Data Science Stack Exchange 128705, 'tf.keras.layers.LSTM: where did all these parameters came from?', https://datascience.stackexchange.com/questions/128705/tf-keras-layers-lstm-where-did-all-these-parameters-came-from"
PT_LSTM = "PyTorch documentation, torch.nn.LSTM (weight_ih_l[k]: (4*hidden_size, input_size), weight_hh_l[k]: (4*hidden_size, hidden_size), bias_ih_l[k], bias_hh_l[k]: (4*hidden_size)), https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html"
PT_GRU = "PyTorch documentation, torch.nn.GRU (weight_ih_l[k]: (3*hidden_size, input_size), weight_hh_l[k]: (3*hidden_size, hidden_size), two biases of 3*hidden_size), https://pytorch.org/docs/stable/generated/torch.nn.GRU.html"
PT_RNN = "PyTorch documentation, torch.nn.RNN (weight_ih_l[k]: (hidden_size, input_size), weight_hh_l[k]: (hidden_size, hidden_size), bias_ih_l[k], bias_hh_l[k]: (hidden_size)), https://pytorch.org/docs/stable/generated/torch.nn.RNN.html"
HW_RNN = "homework-style answer composed for this corpus (LSTM/GRU/RNN, input size m, hidden size n)"
CV_GRU = "Cross Validated, 'How many parameters are in a gated recurrent unit (GRU) recurrent neural network (RNN) layer?', mirrored at https://imathworks.com/cv/solved-how-many-parameters-are-in-a-gated-recurrent-unit-gru-recurrent-neural-network-rnn-layer"
DEY = "R. Dey and F. M. Salem, 'Gate-Variants of Gated Recurrent Unit (GRU) Neural Networks', MWSCAS 2017, arXiv:1701.05923"
BOOHERE = "boohere.com (ru), question on a Keras GRU with 13 features and 20 units, https://boohere.com/ru/detail/123934.html"
FLUX_GRU = "Flux.jl documentation, Flux.GRU (v0.13.17), https://fluxml.ai/FastAI.jl/dev/Flux@0.13.17/ref/Flux.GRU.html"
FLUX_GRU3 = "Flux.jl documentation, Flux.GRUv3 (v0.13.11), https://fluxml.ai/FastAI.jl/dev/Flux@0.13.11/ref/Flux.GRUv3.html"
ELEARN = "e-learn.cn Q&A, 'Number of parameters for Keras SimpleRNN', https://www.e-learn.cn/qa/answer/342596/1059853.html"
OSTACK = "ostack.cn Q&A, 'Number of parameters for Keras SimpleRNN', https://ostack.cn/qa/?qa=827539%2F"
XTUTS = "exchangetuts, 'Number of parameters for Keras SimpleRNN', https://exchangetuts.com/number-of-parameters-for-keras-simplernn-1640504944705352"
DSSE_88436 = "Data Science Stack Exchange 88436, 'Number of parameters in Simple RNNs', https://datascience.stackexchange.com/questions/88436/number-of-parameters-in-simple-rnns"
FATAL = "fatal001.com (zh), 'Number of parameters in tf.keras.layer.RNN', http://fatal001.com/math/32997304761033384108.html"

MN = {"m": "input_size", "n": "hidden_size"}

RNN_CASES = [
    # LSTM
    Case(r"4(nm + n^2 + n)", DSSE_LSTM, "lstm", lambda m, n: 4 * (n * m + n ** 2 + n), MN,
         {"against": "lstm m n", "bias": "keras"}, "one bias vector per gate (Keras)"),
    Case(r"4(nm + n^2 + n)", DSSE_LSTM, "lstm", lambda m, n: 4 * (n * m + n ** 2 + n), MN,
         {"against": "lstm m n", "bias": "torch"}, "Keras count asked in PyTorch's convention (b_ih and b_hh)"),
    Case(r"Hence total # parameters = \( 4(nm + n^2 + n) \)", DSSE_LSTM, "lstm",
         lambda m, n: 4 * (n * m + n ** 2 + n), MN, {"against": "lstm m n"}, "default convention asked (torch)"),
    Case(r"4(nm + n^2)", DSSE_LSTM, "lstm", lambda m, n: 4 * (n * m + n ** 2), MN,
         {"against": "lstm m n", "bias": "torch"}, "without biases"),
    Case(r"4(nm + n^2)", DSSE_LSTM, "lstm", lambda m, n: 4 * (n * m + n ** 2), MN,
         {"against": "lstm m n", "bias": False}, "without biases, asked so"),
    Case(r"4 \times (100 \times 25 + 100^2 + 100) = 50400", DSSE_LSTM, "lstm", const(50400), {},
         {"against": "lstm 25 100", "bias": "keras"}, sizes={"input_size": 25, "hidden_size": 100}),
    Case(r"4 \times (100 \times 25 + 100^2 + 100) = 50400", DSSE_LSTM, "lstm", const(50400), {},
         {"against": "lstm 25 100", "bias": "torch"}, "PyTorch would count 50800",
         sizes={"input_size": 25, "hidden_size": 100}),
    Case(r"4d \times (n + d)", DSSE_LSTM, "lstm", lambda n, d: 4 * d * (n + d), {"n": "input_size", "d": "hidden_size"},
         {"against": "lstm n d", "bias": "torch"}, "the size of W only (no biases)"),
    Case(r"4 \times [2(2+3) + 2]", DSSE_LSTM, "lstm", const(48), {}, {"against": "lstm 3 2", "bias": "keras"},
         sizes={"input_size": 3, "hidden_size": 2}),
    Case(r"num_params = [(num_units + input_dim + 1) * num_units] * 4", NEWBEDEV, "lstm",
         lambda num_units, input_dim: ((num_units + input_dim + 1) * num_units) * 4,
         {"num_units": "hidden_size", "input_dim": "input_size"}, {"against": "lstm input_dim num_units", "bias": "keras"}),
    Case(r"num_params = [(num_units + input_dim + 1) * num_units] * 4", NEWBEDEV, "lstm",
         lambda num_units, input_dim: ((num_units + input_dim + 1) * num_units) * 4,
         {"num_units": "hidden_size", "input_dim": "input_size"}, {"against": "lstm input_dim num_units", "bias": "torch"}),
    Case(r"[(256 + 4096 + 1) * 256] * 4 = 4457472", NEWBEDEV, "lstm", const(4457472), {},
         {"against": "lstm 4096 256", "bias": "keras"}, sizes={"input_size": 4096, "hidden_size": 256}),
    Case(r"params = 4 * ((size_of_input + 1) * size_of_output + size_of_output^2)", NEWBE, "lstm",
         lambda size_of_input, size_of_output: 4 * ((size_of_input + 1) * size_of_output + size_of_output ** 2),
         {"size_of_input": "input_size", "size_of_output": "hidden_size"},
         {"against": "lstm size_of_input size_of_output", "bias": "keras"}),
    Case(r"4 * (4097 * 256 + 256^2) = 4457472", NEWBE, "lstm", const(4457472), {},
         {"against": "lstm 4096 256", "bias": "keras"}, sizes={"input_size": 4096, "hidden_size": 256}),
    Case(r"4 x (128 x 128 + 128) = 66,048", EH_SUM, "lstm", const(66048), {},
         {"against": "lstm 128 128", "bias": "keras"}, "'approximately': drops the input-to-hidden (or recurrent) matrix",
         sizes={"input_size": 128, "hidden_size": 128}),
    Case(r"$4*(n+m+1)*m$", DL4CV, "lstm", lambda n, m: 4 * (n + m + 1) * m, {"n": "input_size", "m": "hidden_size"},
         {"against": "lstm n m", "bias": "keras"}, "here n is the input size and m the units"),
    Case(r"10800", DL4CV, "lstm", const(10800), {}, {"against": "lstm 3 50", "bias": "keras"},
         sizes={"input_size": 3, "hidden_size": 50}),
    Case(r"1*36 + 9*36 + 36 = 396", DSSE_128705, "lstm", const(396), {}, {"against": "lstm 1 9", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 9}),
    Case(r"1*36 + 9*36 + 36 = 396", DSSE_128705, "lstm", const(396), {}, {"against": "lstm 1 9", "bias": "torch"},
         "PyTorch adds the second bias vector (432)", sizes={"input_size": 1, "hidden_size": 9}),
    Case(r"4*hidden_size*input_size + 4*hidden_size*hidden_size + 4*hidden_size + 4*hidden_size", PT_LSTM, "lstm",
         lambda hidden_size, input_size: 4 * hidden_size * input_size + 4 * hidden_size * hidden_size + 4 * hidden_size + 4 * hidden_size,
         {"hidden_size": "hidden_size", "input_size": "input_size"},
         {"against": "lstm input_size hidden_size", "bias": "torch"}, "composed: sum of the documented shapes"),
    Case(r"4 \cdot h (x + h) + 8h", PT_LSTM, "lstm", lambda x, h: 4 * h * (x + h) + 8 * h,
         {"x": "input_size", "h": "hidden_size"}, {"against": "lstm x h", "bias": "torch"}, "composed from the shapes"),
    Case(r"4(nm + n^2 + 2n)", HW_RNN, "lstm", lambda m, n: 4 * (n * m + n ** 2 + 2 * n), MN,
         {"against": "lstm m n", "bias": "torch"}, "composed: PyTorch's two bias vectors"),
    Case(r"4(nm + n^2 + 2n)", HW_RNN, "lstm", lambda m, n: 4 * (n * m + n ** 2 + 2 * n), MN,
         {"against": "lstm m n", "bias": "keras"}, "composed: PyTorch count asked in Keras' convention"),
    Case(r"4 \left( n m + n^{2} + n \right)", HW_RNN, "lstm", lambda m, n: 4 * (n * m + n ** 2 + n), MN,
         {"against": "lstm m n", "bias": "keras"}, "composed"),
    Case(r"4 × (n·m + n² + n)", HW_RNN, "lstm", lambda m, n: 4 * (n * m + n ** 2 + n), MN,
         {"against": "lstm m n", "bias": "keras"}, "composed; Unicode"),
    Case(r"4(nm + n^2) + n", HW_RNN, "lstm", lambda m, n: 4 * (n * m + n ** 2) + n, MN,
         {"against": "lstm m n", "bias": "keras"}, "composed: one bias vector for all gates: wrong"),
    Case(r"3(nm + n^2 + n)", HW_RNN, "lstm", lambda m, n: 3 * (n * m + n ** 2 + n), MN,
         {"against": "lstm m n", "bias": "keras"}, "composed: three gates counted, the cell candidate forgotten: wrong"),
    Case(r"4nm + n^2 + 4n", HW_RNN, "lstm", lambda m, n: 4 * n * m + n ** 2 + 4 * n, MN,
         {"against": "lstm m n", "bias": "keras"}, "composed: one recurrent matrix: wrong"),
    Case(r"4 n (m + n + 1)", HW_RNN, "lstm", lambda m, n: 4 * n * (m + n + 1), MN,
         {"against": "lstm m n", "bias": "keras"}, "composed"),
    Case(r"4 n (m + n + 1)", HW_RNN, "lstm", lambda m, n: 4 * n * (m + n + 1), MN,
         {"against": "lstm m n"}, "composed; default (torch) convention asked"),
    Case(r"4n(m + n + 2)", HW_RNN, "lstm", lambda m, n: 4 * n * (m + n + 2), MN,
         {"against": "lstm m n"}, "composed"),
    # GRU
    Case(r"3 \times (n^2 + nm + n)", CV_GRU, "gru", lambda m, n: 3 * (n ** 2 + n * m + n), MN,
         {"against": "gru m n", "bias": "keras"}, "one bias per gate (Keras GRU with reset_after=False; treated as 'keras')"),
    Case(r"3 \times (n^2 + nm + n)", CV_GRU, "gru", lambda m, n: 3 * (n ** 2 + n * m + n), MN,
         {"against": "gru m n", "bias": "torch"}, "one bias per gate asked in PyTorch's convention"),
    Case(r"the total number of parameters in the GRU RNN equals $3 \times (n^2 + nm + n)$.", DEY, "gru",
         lambda m, n: 3 * (n ** 2 + n * m + n), MN, {"against": "gru m n", "bias": "keras"}),
    Case(r"2040", BOOHERE, "gru", const(2040), {}, {"against": "gru 13 20", "bias": "keras"},
         "old Keras GRU (one bias per gate); Keras 2.3+ default reset_after=True counts 2100",
         sizes={"input_size": 13, "hidden_size": 20}),
    Case(r"GRUCell(3 => 5),                      # 140 parameters", FLUX_GRU, "gru", const(140), {},
         {"against": "gru 3 5", "bias": "keras"}, "Flux adds a learnable initial state (5): not a torch/keras count",
         sizes={"input_size": 3, "hidden_size": 5}),
    Case(r"GRUv3Cell(3 => 5),                    # 140 parameters", FLUX_GRU3, "gru", const(140), {},
         {"against": "gru 3 5", "bias": "torch"}, "includes Flux's learnable initial state",
         sizes={"input_size": 3, "hidden_size": 5}),
    Case(r"3*hidden_size*input_size + 3*hidden_size*hidden_size + 6*hidden_size", PT_GRU, "gru",
         lambda hidden_size, input_size: 3 * hidden_size * input_size + 3 * hidden_size * hidden_size + 6 * hidden_size,
         {"hidden_size": "hidden_size", "input_size": "input_size"},
         {"against": "gru input_size hidden_size", "bias": "torch"}, "composed from the documented shapes"),
    Case(r"3(n^2 + nm + 2n)", HW_RNN, "gru", lambda m, n: 3 * (n ** 2 + n * m + 2 * n), MN,
         {"against": "gru m n", "bias": "torch"}, "composed; also Keras' count with reset_after=True"),
    Case(r"3(n^2 + nm)", HW_RNN, "gru", lambda m, n: 3 * (n ** 2 + n * m), MN,
         {"against": "gru m n", "bias": False}, "composed: bias=False"),
    Case(r"3(n^2 + nm)", HW_RNN, "gru", lambda m, n: 3 * (n ** 2 + n * m), MN,
         {"against": "gru m n", "bias": "torch"}, "composed: biases forgotten"),
    Case(r"2(n^2 + nm + n)", HW_RNN, "gru", lambda m, n: 2 * (n ** 2 + n * m + n), MN,
         {"against": "gru m n", "bias": "keras"}, "composed: two gates only, candidate forgotten: wrong"),
    Case(r"3n^2 + nm + 3n", HW_RNN, "gru", lambda m, n: 3 * n ** 2 + n * m + 3 * n, MN,
         {"against": "gru m n", "bias": "keras"}, "composed: one input matrix: wrong"),
    Case(r"3 n (m + n + 1)", HW_RNN, "gru", lambda m, n: 3 * n * (m + n + 1), MN,
         {"against": "gru m n", "bias": "keras"}, "composed"),
    # RNN
    Case(r"num_para = (1 + 10) * 10 + 10 = 120", ELEARN, "rnn", const(120), {}, {"against": "rnn 1 10", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 10}),
    Case(r"num_para = (1 + 10) * 10 + 10 = 120", ELEARN, "rnn", const(120), {}, {"against": "rnn 1 10", "bias": "torch"},
         "PyTorch's nn.RNN has two bias vectors (130)", sizes={"input_size": 1, "hidden_size": 10}),
    Case(r"(num_features + num_units)* num_units + num_units", OSTACK, "rnn",
         lambda num_features, num_units: (num_features + num_units) * num_units + num_units,
         {"num_features": "input_size", "num_units": "hidden_size"},
         {"against": "rnn num_features num_units", "bias": "keras"}),
    Case(r"10*10 + 1*10 + 10 = 120", OSTACK, "rnn", const(120), {}, {"against": "rnn 1 10", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 10}),
    Case(r"*resp: (num_features + num_units)* num_units + num_units", XTUTS, "rnn",
         lambda num_features, num_units: (num_features + num_units) * num_units + num_units,
         {"num_features": "input_size", "num_units": "hidden_size"},
         {"against": "rnn num_features num_units", "bias": "torch"}, "Keras count asked in PyTorch's convention"),
    Case(r"recurrent_weights = num_units*num_units", XTUTS, "rnn", lambda num_units: num_units * num_units,
         {"num_units": "hidden_size"}, {"against": "rnn num_features num_units", "bias": "keras"},
         "the recurrent part only"),
    Case(r"(input_feature +1) x units + units x units", DSSE_88436, "rnn",
         lambda input_feature, units: (input_feature + 1) * units + units * units,
         {"input_feature": "input_size", "units": "hidden_size"},
         {"against": "rnn input_feature units", "bias": "keras"}),
    Case(r"2x50 +2500", DSSE_88436, "rnn", const(2600), {}, {"against": "rnn 1 50", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 50}),
    Case(r"for me, only 150 parameters", DSSE_88436, "rnn", const(150), {}, {"against": "rnn 1 50", "bias": "keras"},
         "the asker's U, V, W of 50 each: wrong", sizes={"input_size": 1, "hidden_size": 50}),
    Case(r"120", FATAL, "rnn", const(120), {}, {"against": "rnn 1 10", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 10}),
    Case(r"hidden_size*(input_size + hidden_size) + 2*hidden_size", PT_RNN, "rnn",
         lambda hidden_size, input_size: hidden_size * (input_size + hidden_size) + 2 * hidden_size,
         {"hidden_size": "hidden_size", "input_size": "input_size"},
         {"against": "rnn input_size hidden_size", "bias": "torch"}, "composed from the documented shapes"),
    Case(r"n^2 + nm + n", HW_RNN, "rnn", lambda m, n: n ** 2 + n * m + n, MN, {"against": "rnn m n", "bias": "keras"},
         "composed"),
    Case(r"n^2 + nm + n", HW_RNN, "rnn", lambda m, n: n ** 2 + n * m + n, MN, {"against": "rnn m n", "bias": "torch"},
         "composed: Keras count asked in PyTorch's convention"),
    Case(r"n^2 + nm + 2n", HW_RNN, "rnn", lambda m, n: n ** 2 + n * m + 2 * n, MN, {"against": "rnn m n"},
         "composed"),
    Case(r"n^2 + nm", HW_RNN, "rnn", lambda m, n: n ** 2 + n * m, MN, {"against": "rnn m n", "bias": False},
         "composed: bias=False"),
    Case(r"n^2 + m + n", HW_RNN, "rnn", lambda m, n: n ** 2 + m + n, MN, {"against": "rnn m n", "bias": "keras"},
         "composed: input matrix as a vector: wrong"),
    Case(r"2(nm + n^2 + n)", HW_RNN, "rnn", lambda m, n: 2 * (n * m + n ** 2 + n), MN, {"against": "rnn m n"},
         "composed: doubled: wrong"),
    Case(r"n(n + m + 1)", HW_RNN, "rnn", lambda m, n: n * (n + m + 1), MN, {"against": "rnn m n", "bias": "keras"},
         "composed"),
    Case(r"input_dim*units + units*units + units", EH_RNN, "rnn",
         lambda input_dim, units: input_dim * units + units * units + units,
         {"input_dim": "input_size", "units": "hidden_size"}, {"against": "rnn input_dim units", "bias": "keras"},
         "composed from the page's kernel (input_dim, units), recurrent kernel (units, units) and bias (units,)"),
]

# ---------------------------------------------------------- convolution
BOARD = "Board Infinity discuss, 'What are various parameters in CNN architecture?', https://discuss.boardinfinity.com/t/what-are-various-parameters-in-cnn-architecture/21192"
AISE_CONV = "Artificial Intelligence Stack Exchange, 'How to calculate the number of parameters of a convolutional layer?', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
XTUTS_CONV = "exchangetuts, 'Understanding number of parameters in Keras Conv2D layer', https://exchangetuts.com/understanding-number-of-parameters-in-keras-conv2d-layer-1640295604538227"
CALC_CONV = "Conv2D Layer Parameters Calculator, https://cal53.calculator.city/calculate-number-of-parameters-in-conv2d-layer/"
INDHU = "Indhumathy Chelliah, 'Simple Explanation for Calculating the Number of Parameters in Convolutional Neural Network' (2021), https://indhumathychelliah.com/2021/08/17/simple-explanation-for-calculating-the-number-of-parameters-in-convolutional-neural-network/"
TENCENT = "Tencent Cloud developer Q&A (zh), '了解Keras Conv2D层中的参数数量', https://cloud.tencent.com.cn/developer/information/%E4%BA%86%E8%A7%A3Keras%20Conv2D%E5%B1%82%E4%B8%AD%E7%9A%84%E5%8F%82%E6%95%B0%E6%95%B0%E9%87%8F"
PT_FORUM_DW = "PyTorch forums, 'Number of parameter in depthwise separable convolution (Xception)', https://discuss.pytorch.org/t/number-of-parameter-in-depthwise-separable-convolution-xception/14920"
HEMANT = "hemant0591/Misc notebook on depthwise separable convolutions, https://github.com/hemant0591/Misc"
APPLE = "Apple developer documentation, MPSGraphConvolution2DOpDescriptor.groups, https://apple-docs.everest.mt/docs/metalperformanceshadersgraph/mpsgraphconvolution2dopdescriptor/groups/"
FASTAI = "fast.ai forums, 'How depthwise separable convolutions work', http://forums.fast.ai/t/how-depthwise-separable-convolutions-work/4249"
VGG_NEMO = "'How to Calculate the Number of Parameters of Convolutional Neural Networks?' (VGG-16), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
PT_CONV = "PyTorch documentation, torch.nn.Conv2d (weight: (out_channels, in_channels/groups, kernel_size[0], kernel_size[1]), bias: (out_channels)), https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html"
HW_CONV = "homework-style answer composed for this corpus (Conv2d, C_in -> C_out, k x k kernel)"

CONV3 = {"C": "in_channels", "N": "out_channels", "K": "kernel_size"}
CIO = {"C_in": "in_channels", "C_out": "out_channels", "k": "kernel_size"}
CIOG = {**CIO, "g": "groups"}

CONV_CASES = [
    Case(r"Wc = K^2 x C x N", BOARD, "conv2d", lambda K, C, N: K ** 2 * C * N, CONV3,
         {"against": "conv2d C N K"}, "the weights Wc only (the page adds Bc = N)"),
    Case(r"Wc = K^2 x C x N", BOARD, "conv2d", lambda K, C, N: K ** 2 * C * N, CONV3,
         {"against": "conv2d C N K", "bias": False}, "weights only, asked without bias"),
    Case(r"10 \times (3 \times 3 \times 3) + 10 = 280", AISE_CONV, "conv2d", const(280), {},
         {"against": "conv2d 3 10 3"}, sizes={"in_channels": 3, "out_channels": 10, "kernel_size": 3}),
    Case(r"M \times (K \times K \times D) + M", AISE_CONV, "conv2d", lambda M, K, D: M * (K * K * D) + M,
         {"M": "out_channels", "K": "kernel_size", "D": "in_channels"}, {"against": "conv2d D M K"}),
    Case(r"number_parameters = out_channels * (in_channels * kernel_h * kernel_w + 1)", XTUTS_CONV, "conv2d_rect",
         lambda out_channels, in_channels, kernel_h, kernel_w: out_channels * (in_channels * kernel_h * kernel_w + 1),
         {"out_channels": "out_channels", "in_channels": "in_channels", "kernel_h": "kernel_h", "kernel_w": "kernel_w"},
         {"against": "conv2d in_channels out_channels kernel_h kernel_w"}),
    Case(r"number_parameters = 32(3*3*3 + 1) = 896", XTUTS_CONV, "conv2d", const(896), {},
         {"against": "conv2d 3 32 3"}, sizes={"in_channels": 3, "out_channels": 32, "kernel_size": 3}),
    Case(r"32 X (3 X 3) = 288", XTUTS_CONV, "conv2d", const(288), {}, {"against": "conv2d 3 32 3"},
         "the asker's count: kernel area only, no input channels, no bias: wrong",
         sizes={"in_channels": 3, "out_channels": 32, "kernel_size": 3}),
    Case(r"assert 32 * (3 * (3*3) + 1) == 896", SYNTAXFIX, "conv2d", const(896), {}, {"against": "conv2d 3 32 3"},
         sizes={"in_channels": 3, "out_channels": 32, "kernel_size": 3}),
    Case(r"assert 64 * (32 * (3*3) + 1) == 18496", SYNTAXFIX, "conv2d", const(18496), {}, {"against": "conv2d 32 64 3"},
         sizes={"in_channels": 32, "out_channels": 64, "kernel_size": 3}),
    Case(r"assert 128 * (64 * (3*3) + 1) == 73856", SYNTAXFIX, "conv2d", const(73856), {}, {"against": "conv2d 64 128 3"},
         sizes={"in_channels": 64, "out_channels": 128, "kernel_size": 3}),
    Case(r"(Kh × Kw × Cin + 1) × Cout", CALC_CONV, "conv2d_rect",
         lambda Kh, Kw, Cin, Cout: (Kh * Kw * Cin + 1) * Cout,
         {"Kh": "kernel_h", "Kw": "kernel_w", "Cin": "in_channels", "Cout": "out_channels"},
         {"against": "conv2d Cin Cout Kh Kw"}),
    Case(r"= 16 \times (3 \times 3 \times 3 + 1) = 16 \times (27 + 1) = 16 \times 28 = 448", SUMMARY_MATH, "conv2d",
         const(448), {}, {"against": "conv2d 3 16 3"}, sizes={"in_channels": 3, "out_channels": 16, "kernel_size": 3}),
    Case(r"= 32 \times (3 \times 3 \times 16 + 1) = 32 \times (144 + 1) = 32 \times 145 = 4640", SUMMARY_MATH, "conv2d",
         const(4640), {}, {"against": "conv2d 16 32 3"}, sizes={"in_channels": 16, "out_channels": 32, "kernel_size": 3}),
    Case(r"(3 x 3 x 32 x 64) + 64 = 18,496", EH_SUM, "conv2d", const(18496), {}, {"against": "conv2d 32 64 3"},
         sizes={"in_channels": 32, "out_channels": 64, "kernel_size": 3}),
    Case(r"Parameters = (kernel height x kernel width x input channels x output channels) + output channels (bias)",
         EH_SUM, "conv2d_rect", lambda kh, kw, cin, cout: kh * kw * cin * cout + cout,
         {"kh": "kernel_h", "kw": "kernel_w", "cin": "in_channels", "cout": "out_channels"},
         {"against": "conv2d cin cout kh kw"}, "words; symbols named for the transcription"),
    Case(r"Total parameters for one filter kernel of size (3,3) = 9+1 =10", INDHU, "conv2d", const(10), {},
         {"against": "conv2d 1 1 3"}, sizes={"in_channels": 1, "out_channels": 1, "kernel_size": 3}),
    Case(r"Weights in one filter of size(3,3)= 3*3 =9", INDHU, "conv2d", const(9), {}, {"against": "conv2d 1 1 3"},
         "weights only", sizes={"in_channels": 1, "out_channels": 1, "kernel_size": 3}),
    Case(r"参数数量 = (kernel_size * kernel_size * input_channels + 1) * filters", TENCENT, "conv2d",
         lambda kernel_size, input_channels, filters: (kernel_size * kernel_size * input_channels + 1) * filters,
         {"kernel_size": "kernel_size", "input_channels": "in_channels", "filters": "out_channels"},
         {"against": "conv2d input_channels filters kernel_size"}, "Chinese left-hand side"),
    Case(r"16x32x3x3 = 4608", PT_FORUM_DW, "conv2d", const(4608), {}, {"against": "conv2d 16 32 3", "bias": False},
         "the asker's layer has no bias", sizes={"in_channels": 16, "out_channels": 32, "kernel_size": 3}),
    Case(r"32x1x3x3", PT_FORUM_DW, "conv2d", const(288), {}, {"against": "conv2d 16 32 3 groups 16", "bias": False},
         "the weight shape of Conv2d(16, 32, 3, groups=16, bias=False)",
         sizes={"in_channels": 16, "out_channels": 32, "kernel_size": 3, "groups": 16}),
    Case(r"Params_standard = N x M x K x K", HEMANT, "conv2d", lambda N, M, K: N * M * K * K,
         {"N": "out_channels", "M": "in_channels", "K": "kernel_size"}, {"against": "conv2d M N K", "bias": False}),
    Case(r"Params_standard = N x M x K x K", HEMANT, "conv2d", lambda N, M, K: N * M * K * K,
         {"N": "out_channels", "M": "in_channels", "K": "kernel_size"}, {"against": "conv2d M N K"},
         "no bias term, asked with bias"),
    Case(r"Parameters = 64 × 32 × 3 × 3 = 18,432", HEMANT, "conv2d", const(18432), {},
         {"against": "conv2d 32 64 3", "bias": False}, sizes={"in_channels": 32, "out_channels": 64, "kernel_size": 3}),
    Case(r"Parameters = 32 × 3 × 3 = 288", HEMANT, "conv2d", const(288), {},
         {"against": "conv2d 32 32 3 groups 32", "bias": False}, "depthwise step",
         sizes={"in_channels": 32, "out_channels": 32, "kernel_size": 3, "groups": 32}),
    Case(r"outputFeatureChannels x inputFeatureChannels/groups x kernelWidth x kernelHeight", APPLE, "conv2d_rect",
         lambda outputFeatureChannels, inputFeatureChannels, groups, kernelWidth, kernelHeight:
         outputFeatureChannels * inputFeatureChannels // groups * kernelWidth * kernelHeight,
         {"outputFeatureChannels": "out_channels", "inputFeatureChannels": "in_channels", "groups": "groups",
          "kernelWidth": "kernel_w", "kernelHeight": "kernel_h"},
         {"against": "conv2d inputFeatureChannels outputFeatureChannels kernelHeight kernelWidth groups groups", "bias": False},
         "number of weights"),
    Case(r"16x32x3x3", FASTAI, "conv2d", const(4608), {}, {"against": "conv2d 16 32 3", "bias": False},
         sizes={"in_channels": 16, "out_channels": 32, "kernel_size": 3}),
    Case(r"128x3x3x256 (weights) + 256 (biases) = 295,168 parameters for the 1st one", INTELLIPAAT, "conv2d",
         const(295168), {}, {"against": "conv2d 128 256 3"}, sizes={"in_channels": 128, "out_channels": 256, "kernel_size": 3}),
    Case(r"卷积核为3×3×3×64", BB8MIU, "conv2d", const(3 * 3 * 3 * 64), {}, {"against": "conv2d 3 64 3"},
         "the kernel's shape read as a count: weights only", sizes={"in_channels": 3, "out_channels": 64, "kernel_size": 3}),
    Case(r"(F⋅F⋅D1)⋅K", CS231N, "conv2d", lambda F, D1, K: (F * F * D1) * K,
         {"F": "kernel_size", "D1": "in_channels", "K": "out_channels"}, {"against": "conv2d D1 K F", "bias": False},
         "'(F⋅F⋅D1)⋅K weights and K biases': the weights"),
    Case(r"(F⋅F⋅D1)⋅K + K", CS231N, "conv2d", lambda F, D1, K: (F * F * D1) * K + K,
         {"F": "kernel_size", "D1": "in_channels", "K": "out_channels"}, {"against": "conv2d D1 K F"},
         "composed from the sentence '(F⋅F⋅D1)⋅K weights and K biases'"),
    Case(r"96*11*11*3 = 34,848", CS231N, "conv2d", const(34848), {}, {"against": "conv2d 3 96 11", "bias": False},
         sizes={"in_channels": 3, "out_channels": 96, "kernel_size": 11}),
    Case(r"34,944", CS231N, "conv2d", const(34944), {}, {"against": "conv2d 3 96 11"},
         "'34,944 parameters (+96 biases)'", sizes={"in_channels": 3, "out_channels": 96, "kernel_size": 11}),
    Case(r"290400 * 364 = 105,705,600", CS231N, "conv2d", const(105705600), {}, {"against": "conv2d 3 96 11"},
         "CS231n's count without parameter sharing: wrong for a conv layer",
         sizes={"in_channels": 3, "out_channels": 96, "kernel_size": 11}),
    Case(r"5*5*3 = 75", CS231N, "conv2d", const(75), {}, {"against": "conv2d 3 1 5", "bias": False},
         "one neuron's weights ('and +1 bias parameter')",
         sizes={"in_channels": 3, "out_channels": 1, "kernel_size": 5}),
    Case(r"\text{Trainable Params} = \big((f_h \times f_w \times c_{in}) + 1\big) \times f_{num}", LENET_SID, "conv2d_rect",
         lambda f_h, f_w, c_in, f_num: ((f_h * f_w * c_in) + 1) * f_num,
         {"f_h": "kernel_h", "f_w": "kernel_w", "c_in": "in_channels", "f_num": "out_channels"},
         {"against": "conv2d c_in f_num f_h f_w"}),
    Case(r"5\times5\times1\times6 + 6 = 156", LENET_SID, "conv2d", const(156), {}, {"against": "conv2d 1 6 5"},
         sizes={"in_channels": 1, "out_channels": 6, "kernel_size": 5}),
    Case(r"(5\times5\times6\times10)+16 = 1516", LENET_SID, "conv2d", const(1516), {}, {"against": "conv2d 6 16 5"},
         "LeNet's sparse C3 table; as a Conv2d(6, 16, 5) count: wrong (2416)",
         sizes={"in_channels": 6, "out_channels": 16, "kernel_size": 5}),
    Case(r"trainable params = (weight * input maps + bias) * feature maps = (5 * 5 * 1 + 1) * 6 = 156", LENET_YG,
         "conv2d", const(156), {}, {"against": "conv2d 1 6 5"}, sizes={"in_channels": 1, "out_channels": 6, "kernel_size": 5}),
    Case(r"(5 * 5 * 6 * 16) + 16 = 2416", DLAI_COMM, "conv2d", const(2416), {}, {"against": "conv2d 6 16 5"},
         sizes={"in_channels": 6, "out_channels": 16, "kernel_size": 5}),
    Case(r"151*16 = 2416", DLAI_COMM, "conv2d", const(2416), {}, {"against": "conv2d 6 16 5"},
         sizes={"in_channels": 6, "out_channels": 16, "kernel_size": 5}),
    Case(r"0.59M = (3*3)*(256*256)", SO_VGG, "conv2d", const(589824), {}, {"against": "conv2d 256 256 3"},
         "the asker's count: no biases", sizes={"in_channels": 256, "out_channels": 256, "kernel_size": 3}),
    Case(r"256x3x3x256 (weights) + 256 (biases) = 590,080", SO_VGG, "conv2d", const(590080), {},
         {"against": "conv2d 256 256 3"}, sizes={"in_channels": 256, "out_channels": 256, "kernel_size": 3}),
    Case(r"CONV3-64: [224x224x64] weights: (3*3*3)*64 = 1,728", CS231N_VGG, "conv2d", const(1728), {},
         {"against": "conv2d 3 64 3"}, "CS231n leaves the biases out",
         sizes={"in_channels": 3, "out_channels": 64, "kernel_size": 3}),
    Case(r"CONV3-64: [224x224x64] weights: (3*3*64)*64 = 36,864", CS231N_VGG, "conv2d", const(36864), {},
         {"against": "conv2d 64 64 3", "bias": False}, sizes={"in_channels": 64, "out_channels": 64, "kernel_size": 3}),
    Case(r"\text{Parameters} = (n \times m \times k + 1) \times L", VGG_NEMO, "conv2d_rect",
         lambda n, m, k, L: (n * m * k + 1) * L,
         {"n": "kernel_h", "m": "kernel_w", "k": "in_channels", "L": "out_channels"}, {"against": "conv2d k L n m"}),
    Case(r"out\_channels \cdot \frac{in\_channels}{groups} \cdot k^2 + out\_channels", PT_CONV, "conv2d",
         lambda out_channels, in_channels, groups, k: out_channels * in_channels // groups * k ** 2 + out_channels,
         {"out_channels": "out_channels", "in_channels": "in_channels", "groups": "groups", "k": "kernel_size"},
         {"against": "conv2d in_channels out_channels k groups groups"}, "composed from the documented shapes"),
    Case(r"C_{out} \left( \frac{C_{in}}{g} k^2 + 1 \right)", HW_CONV, "conv2d",
         lambda C_out, C_in, g, k: C_out * (C_in // g * k ** 2 + 1), CIOG, {"against": "conv2d C_in C_out k groups g"},
         "composed"),
    Case(r"\frac{C_{in} C_{out} k^2}{g} + C_{out}", HW_CONV, "conv2d",
         lambda C_out, C_in, g, k: C_in * C_out * k ** 2 // g + C_out, CIOG, {"against": "conv2d C_in C_out k groups g"},
         "composed"),
    Case(r"k^2 \cdot C_{in} \cdot C_{out} + C_{out}", HW_CONV, "conv2d",
         lambda C_out, C_in, g, k: k ** 2 * C_in * C_out + C_out, CIOG, {"against": "conv2d C_in C_out k groups g"},
         "composed: ignores the groups: wrong"),
    Case(r"\frac{C_{in} C_{out} k^2}{g^2} + C_{out}", HW_CONV, "conv2d",
         lambda C_out, C_in, g, k: C_in * C_out * k ** 2 // (g * g) + C_out, CIOG,
         {"against": "conv2d C_in C_out k groups g"}, "composed: divides by g twice: wrong"),
    Case(r"(k^2 C_{in} + 1) C_{out}", HW_CONV, "conv2d", lambda C_in, C_out, k: (k ** 2 * C_in + 1) * C_out, CIO,
         {"against": "conv2d C_in C_out k"}, "composed"),
    Case(r"(k^2 C_{in} + 1) C_{out}", HW_CONV, "conv2d", lambda C_in, C_out, k: (k ** 2 * C_in + 1) * C_out, CIO,
         {"against": "conv2d C_in C_out k", "bias": False}, "composed: count with bias, asked without"),
    Case(r"k \times k \times C_{in} \times C_{out}", HW_CONV, "conv2d", lambda C_in, C_out, k: k * k * C_in * C_out, CIO,
         {"against": "conv2d C_in C_out k", "bias": False}, "composed"),
    Case(r"(k^2 + 1) C_{in} C_{out}", HW_CONV, "conv2d", lambda C_in, C_out, k: (k ** 2 + 1) * C_in * C_out, CIO,
         {"against": "conv2d C_in C_out k"}, "composed: a bias per kernel slice: wrong"),
    Case(r"k^2 C_{in} C_{out} + C_{in}", HW_CONV, "conv2d", lambda C_in, C_out, k: k ** 2 * C_in * C_out + C_in, CIO,
         {"against": "conv2d C_in C_out k"}, "composed: biases per input channel: wrong"),
    Case(r"C_{out} · (k² · C_{in} + 1)", HW_CONV, "conv2d", lambda C_in, C_out, k: C_out * (k ** 2 * C_in + 1), CIO,
         {"against": "conv2d C_in C_out k"}, "composed; Unicode"),
    Case(r"k^2 C_{in} C_{out}", HW_CONV, "conv2d", lambda C_in, C_out, k: k ** 2 * C_in * C_out, CIO,
         {"against": "conv2d C_in C_out k"}, "composed: the bias forgotten"),
    Case(r"k_h k_w C_{in} C_{out} + C_{out}", HW_CONV, "conv2d_rect",
         lambda k_h, k_w, C_in, C_out: k_h * k_w * C_in * C_out + C_out,
         {"k_h": "kernel_h", "k_w": "kernel_w", "C_in": "in_channels", "C_out": "out_channels"},
         {"against": "conv2d C_in C_out k_h k_w"}, "composed"),
    Case(r"k_h^2 C_{in} C_{out} + C_{out}", HW_CONV, "conv2d_rect",
         lambda k_h, k_w, C_in, C_out: k_h ** 2 * C_in * C_out + C_out,
         {"k_h": "kernel_h", "k_w": "kernel_w", "C_in": "in_channels", "C_out": "out_channels"},
         {"against": "conv2d C_in C_out k_h k_w"}, "composed: squares one side of a rectangular kernel: wrong"),
]

# ------------------------------------------------------------ embedding
RADIA = "radia78/CS839-f25 notebook, '1. GPT Parameter Count', https://github.com/radia78/CS839-f25"
LEARNTINKER = "learntinker, 'Counting the cost' (The Transformer Block), https://learntinker.com/lessons/counting-the-cost"
SUPERJOMN = "Superjomn, 'Count the parameters in LLaMA V1 model', https://superjomn.github.io/posts/count-parameters-in-llama"
RAGYFIED = "ragyfied, 'Deconstructing the Giants: A Technical Deep Dive into LLM Architecture', https://ragyfied.com/articles/what-is-transformer-architecture"
PT_EMB = "PyTorch documentation, torch.nn.Embedding (weight: (num_embeddings, embedding_dim)), https://pytorch.org/docs/stable/generated/torch.nn.Embedding.html"
HW_EMB = "homework-style answer composed for this corpus (embedding table of V tokens, dimension D)"
VD = {"V": "num_embeddings", "D": "embedding_dim"}

EMB_CASES = [
    Case(r"V\times E = 50257\cdot 768 = 38,597,376", RADIA, "embedding", const(38597376), {},
         {"against": "embedding 50257 768"}, sizes={"num_embeddings": 50257, "embedding_dim": 768}),
    Case(r"V\times E", RADIA, "embedding", lambda V, E: V * E, {"V": "num_embeddings", "E": "embedding_dim"},
         {"against": "embedding V E"}),
    Case(r"V \cdot d", LEARNTINKER, "embedding", lambda V, d: V * d, {"V": "num_embeddings", "d": "embedding_dim"},
         {"against": "embedding V d"}, "token embedding"),
    Case(r"T_{\max} \cdot d", LEARNTINKER, "embedding", lambda T_max, d: T_max * d,
         {"T_max": "num_embeddings", "d": "embedding_dim"}, {"against": "embedding T_max d"}, "learned positions"),
    Case(r"n_{token}\times d_{model}=131.072M", SUPERJOMN, "embedding", lambda n_token, d_model: n_token * d_model,
         {"n_token": "num_embeddings", "d_model": "embedding_dim"}, {"against": "embedding n_token d_model"},
         "the symbolic part (131.072M = 32000 x 4096)"),
    Case(r"vocab_size * d_model", RAGYFIED, "embedding", lambda vocab_size, d_model: vocab_size * d_model,
         {"vocab_size": "num_embeddings", "d_model": "embedding_dim"}, {"against": "embedding vocab_size d_model"}),
    Case(r"32,000 * 4096 = 131,072,000", RAGYFIED, "embedding", const(131072000), {},
         {"against": "embedding 32000 4096"}, sizes={"num_embeddings": 32000, "embedding_dim": 4096}),
    Case(r"num\_embeddings \times embedding\_dim", PT_EMB, "embedding",
         lambda num_embeddings, embedding_dim: num_embeddings * embedding_dim,
         {"num_embeddings": "num_embeddings", "embedding_dim": "embedding_dim"},
         {"against": "embedding num_embeddings embedding_dim"}, "composed from the documented shape"),
    Case(r"V D", HW_EMB, "embedding", lambda V, D: V * D, VD, {"against": "embedding V D"}, "composed"),
    Case(r"(V + 1) \cdot D", HW_EMB, "embedding", lambda V, D: (V + 1) * D, VD, {"against": "embedding V D"},
         "composed: an extra padding row: wrong"),
    Case(r"V D + D", HW_EMB, "embedding", lambda V, D: V * D + D, VD, {"against": "embedding V D"},
         "composed: a bias the layer does not have: wrong"),
    Case(r"V + D", HW_EMB, "embedding", lambda V, D: V + D, VD, {"against": "embedding V D"}, "composed: wrong"),
]

# ------------------------------------------------------------ attention
MITESH = "Mitesh Khapra lecture notes, 'Encoder block of transformer' (Punith/Machine_learning_notes), https://git.putinpi.com/Punith/Machine_learning_notes/raw/commit/b0f59fa6ab14111b557d843202001584578e83f7/Deep%20learning/Mitesh%20kapra%20notes/Encoder%20block%20of%20transformer.md"
TORCHEDUP = "torchedup.dev problem 'param-count-transformer', https://torchedup.dev/problems/param-count-transformer"
PT_MHA = "PyTorch documentation, torch.nn.MultiheadAttention (in_proj_weight: (3*embed_dim, embed_dim), in_proj_bias: (3*embed_dim), out_proj: Linear(embed_dim, embed_dim)), https://pytorch.org/docs/stable/generated/torch.nn.MultiheadAttention.html"
HW_ATT = "homework-style answer composed for this corpus (multi-head attention of width d)"
D_ATT = {"d": "embed_dim"}

ATT_CASES = [
    Case(r"4d^2", LEARNTINKER, "attention", lambda d: 4 * d ** 2, D_ATT, {"against": "attention d", "bias": False},
         "W_Q, W_K, W_V, W_O, biases ignored"),
    Case(r"4d^2", LEARNTINKER, "attention", lambda d: 4 * d ** 2, D_ATT, {"against": "attention d", "bias": True},
         "biases ignored, asked with biases"),
    Case(r"4 * d^2 (Q, K, V, O)", TORCHEDUP, "attention", lambda d: 4 * d ** 2, D_ATT,
         {"against": "attention d", "bias": False}),
    Case(r"$W_Q,W_K,W_V$ : $3*(d\times d)=3d^2$", MITESH, "attention", lambda d: 3 * (d * d), D_ATT,
         {"against": "attention d", "bias": False}, "Q, K, V only: the output projection is missing"),
    Case(r"3 E^2 + 3E + E^2 + E", PT_MHA, "attention", lambda E: 3 * E ** 2 + 3 * E + E ** 2 + E, {"E": "embed_dim"},
         {"against": "attention E"}, "composed from the documented shapes"),
    Case(r"4d^2 + 4d", HW_ATT, "attention", lambda d: 4 * d ** 2 + 4 * d, D_ATT, {"against": "attention d"}, "composed"),
    Case(r"4(d^2 + d)", HW_ATT, "attention", lambda d: 4 * (d ** 2 + d), D_ATT, {"against": "attention d"}, "composed"),
    Case(r"4 d_{model}^2 + 4 d_{model}", HW_ATT, "attention", lambda d_model: 4 * d_model ** 2 + 4 * d_model,
         {"d_model": "embed_dim"}, {"against": "attention d_model"}, "composed"),
    Case(r"4d(d+1)", HW_ATT, "attention", lambda d: 4 * d * (d + 1), D_ATT, {"against": "attention d", "bias": False},
         "composed: counts biases, asked without"),
    Case(r"3d^2 + d^2", HW_ATT, "attention", lambda d: 3 * d ** 2 + d ** 2, D_ATT, {"against": "attention d", "bias": False},
         "composed"),
    Case(r"4d^2 + 3d", HW_ATT, "attention", lambda d: 4 * d ** 2 + 3 * d, D_ATT, {"against": "attention d"},
         "composed: forgets the output projection's bias: wrong"),
    Case(r"4 \times 512^2 + 4 \times 512 = 1,050,624", HW_ATT, "attention", const(1050624), {},
         {"against": "attention 512"}, "composed", sizes={"embed_dim": 512}),
    Case(r"3d^2 + 3d", HW_ATT, "attention", lambda d: 3 * d ** 2 + 3 * d, D_ATT, {"against": "attention d"},
         "composed: in-projection only: wrong"),
]

# ----------------------------------------------------- transformer block
IAIO = "Beaver Edge forum, '2024 IAIO Question 4.2', https://forum.beaver-edge.ai/t/2024-iaio-question-4-2/379"
HW_TB = ("homework-style answer composed for this corpus (nn.TransformerEncoderLayer, width d, feed-forward f; "
         "'ffn=4d' where the source fixes f = 4d)")
DF = {"d": "d_model", "f": "dim_feedforward"}
D4 = {"d": "d_model", "dim_feedforward": "4*d_model"}

TB_CASES = [
    Case(r"P_{\text{block}} \;=\; 4d^{2} \;+\; 2 \cdot d \cdot 4d \;=\; 12\, d^{2}", LEARNTINKER, "transformer_block",
         lambda d: 4 * d ** 2 + 2 * d * 4 * d, D4, {"against": "transformer-block d 4*d"},
         "approximation: biases and LayerNorm ignored (ffn=4d)"),
    Case(r"12d^2+4d", MITESH, "transformer_block", lambda d: 12 * d ** 2 + 4 * d, D4, {"against": "transformer-block d 4*d"},
         "the notes' sum of 3d^2 + d^2 + 4(d^2+d) + 4d^2+d is 12d^2+5d; no LayerNorm, no attention biases: wrong"),
    Case(r"3148288", MITESH, "transformer_block", const(3148288), {}, {"against": "transformer-block 512 2048"},
         "'No. of parameters in single encoder block' at d = 512: wrong for nn.TransformerEncoderLayer",
         sizes={"d_model": 512, "dim_feedforward": 2048}),
    Case(r"df + df = 2 df", IAIO, "transformer_block", lambda d, f: d * f + d * f, DF,
         {"against": "transformer-block d f", "bias": False}, "the feed-forward network only: not the block"),
    Case(r"df + df & = 2 df \\ & = 2,097,152 .", IAIO, "transformer_block", const(2097152), {},
         {"against": "transformer-block 512 2048", "bias": False}, "the feed-forward weights only (d = 512, f = 2048)",
         sizes={"d_model": 512, "dim_feedforward": 2048}),
    Case(r"12 * d^2 (per layer)", TORCHEDUP, "transformer_block", lambda d: 12 * d ** 2, D4,
         {"against": "transformer-block d 4*d", "bias": False}, "approximation: LayerNorm weights ignored (ffn=4d)"),
    Case(r"4d^2 + 4d + 2df + f + d + 4d", HW_TB, "transformer_block",
         lambda d, f: 4 * d ** 2 + 4 * d + 2 * d * f + f + d + 4 * d, DF, {"against": "transformer-block d f"}, "composed"),
    Case(r"4d^2 + 2df + 9d + f", HW_TB, "transformer_block", lambda d, f: 4 * d ** 2 + 2 * d * f + 9 * d + f, DF,
         {"against": "transformer-block d f"}, "composed"),
    Case(r"4d^2 + 2df + 9d + f", HW_TB, "transformer_block", lambda d, f: 4 * d ** 2 + 2 * d * f + 9 * d + f, DF,
         {"against": "transformer-block d f", "bias": False}, "composed: with biases, asked bias=False"),
    Case(r"4d^2 + 2df + 2d", HW_TB, "transformer_block", lambda d, f: 4 * d ** 2 + 2 * d * f + 2 * d, DF,
         {"against": "transformer-block d f", "bias": False}, "composed: bias=False keeps the LayerNorm weights"),
    Case(r"4d^2 + 2df", HW_TB, "transformer_block", lambda d, f: 4 * d ** 2 + 2 * d * f, DF,
         {"against": "transformer-block d f", "bias": False}, "composed: LayerNorm forgotten: wrong"),
    Case(r"12d^2 + 13d", HW_TB, "transformer_block", lambda d: 12 * d ** 2 + 13 * d, D4,
         {"against": "transformer-block d 4*d"}, "composed (ffn=4d)"),
    Case(r"12 d_{model}^2 + 13 d_{model}", HW_TB, "transformer_block", lambda d_model: 12 * d_model ** 2 + 13 * d_model,
         {"d_model": "d_model", "dim_feedforward": "4*d_model"}, {"against": "transformer-block d_model 4*d_model"},
         "composed (ffn=4d)"),
    Case(r"12d^2 + 2d", HW_TB, "transformer_block", lambda d: 12 * d ** 2 + 2 * d, D4,
         {"against": "transformer-block d 4*d", "bias": False}, "composed (ffn=4d, bias=False)"),
    Case(r"12d^2 + 9d", HW_TB, "transformer_block", lambda d: 12 * d ** 2 + 9 * d, D4,
         {"against": "transformer-block d 4*d"}, "composed: one LayerNorm forgotten: wrong"),
    Case(r"4d^2 + 4d + 2(df + f) + 4d", HW_TB, "transformer_block",
         lambda d, f: 4 * d ** 2 + 4 * d + 2 * (d * f + f) + 4 * d, DF, {"against": "transformer-block d f"},
         "composed: gives the second linear f biases instead of d: wrong"),
    Case(r"3,152,384", HW_TB, "transformer_block", const(3152384), {}, {"against": "transformer-block 512 2048"},
         "composed: the base Transformer's encoder layer (d = 512, f = 2048)",
         sizes={"d_model": 512, "dim_feedforward": 2048}),
]

# ---------------------------------------------------------------- GPT-2
KAPLAN = "J. Kaplan et al., 'Scaling Laws for Neural Language Models' (2020), arXiv:2001.08361, section 2.1 / Table 1"
HAADKHAN = "Haad Khan, 'Counting Number of Parameters in GPT2' (2024), https://haadkhan.github.io/posts/transformer-params/index.html"
HW_GPT = ("homework-style answer composed for this corpus (GPT-2 with tied head: V vocabulary, P positions, "
          "d = n_embd, L = n_layer)")
G = {"V": "vocab_size", "P": "n_positions", "d": "n_embd", "L": "n_layer"}
GMAP = {"against": "gpt2", "map": {"V": "vocab_size", "P": "n_positions", "d": "n_embd", "L": "n_layer"}}
GPT2_SMALL = {"vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12}

GPT_CASES = [
    Case(r"N \approx 12 n_{layer} d_{model}^2", KAPLAN, "gpt2", lambda n_layer, d_model: 12 * n_layer * d_model ** 2,
         {"n_layer": "n_layer", "d_model": "n_embd"}, {"against": "gpt2", "map": {"d_model": "n_embd"}},
         "approximation (non-embedding, biases and LayerNorm dropped)"),
    Case(r"12 * d^2 * L + 2 * V * d", TORCHEDUP, "gpt2", lambda d, L, V: 12 * d ** 2 * L + 2 * V * d,
         {"d": "n_embd", "L": "n_layer", "V": "vocab_size"}, GMAP,
         "approximation with an untied head, no positions, biases or LayerNorm"),
    Case(r"V\cdot d + T_{\max}\cdot d + N\cdot 4d^2 + N\cdot 8d^2 + N\cdot 4d + 2d", LEARNTINKER, "gpt2",
         lambda V, T_max, N, d: V * d + T_max * d + N * 4 * d ** 2 + N * 8 * d ** 2 + N * 4 * d + 2 * d,
         {"V": "vocab_size", "T_max": "n_positions", "N": "n_layer", "d": "n_embd"},
         {"against": "gpt2", "map": {"V": "vocab_size", "T_max": "n_positions", "N": "n_layer", "d": "n_embd"}},
         "the page's table summed: biases ignored, so an approximation"),
    Case(r"≈ 124.4 M", LEARNTINKER, "gpt2", const(124_400_000), {}, {"against": "gpt2"},
         "approximation (rounded)", sizes=GPT2_SMALL),
    Case(r"number of params in model:  124.44M", HAADKHAN, "gpt2", const(124_440_000), {}, {"against": "gpt2"},
         "approximation (rounded); the exact count is 124,439,808", sizes=GPT2_SMALL),
    Case(r"124,439,808", HW_GPT, "gpt2", const(124439808), {}, {"against": "gpt2"},
         "composed: GPT2LMHeadModel('gpt2') exact count", sizes=GPT2_SMALL),
    Case(r"12 L d^2 + 13 L d + (V + P) d + 2d", HW_GPT, "gpt2",
         lambda L, d, V, P: 12 * L * d ** 2 + 13 * L * d + (V + P) * d + 2 * d, G, GMAP, "composed"),
    Case(r"Vd + Pd + L(12d^2 + 13d) + 2d", HW_GPT, "gpt2",
         lambda L, d, V, P: V * d + P * d + L * (12 * d ** 2 + 13 * d) + 2 * d, G, GMAP, "composed"),
    Case(r"n_{layer}(12 n_{embd}^2 + 13 n_{embd}) + n_{embd}(vocab\_size + n_{positions} + 2)", HW_GPT, "gpt2",
         lambda n_layer, n_embd, vocab_size, n_positions: n_layer * (12 * n_embd ** 2 + 13 * n_embd) + n_embd * (vocab_size + n_positions + 2),
         {"n_layer": "n_layer", "n_embd": "n_embd", "vocab_size": "vocab_size", "n_positions": "n_positions"},
         {"against": "gpt2"}, "composed; the config's own names"),
    Case(r"12 L d^2 + 13 L d + (2V + P) d + 2d", HW_GPT, "gpt2",
         lambda L, d, V, P: 12 * L * d ** 2 + 13 * L * d + (2 * V + P) * d + 2 * d, G, GMAP,
         "composed: counts a separate lm_head (untied)"),
    Case(r"12 L d^2 + 13 L d + 2d", HW_GPT, "gpt2", lambda L, d: 12 * L * d ** 2 + 13 * L * d + 2 * d,
         {"L": "n_layer", "d": "n_embd"}, GMAP, "composed: non-embedding count: wrong as a total"),
    Case(r"12 L d^2 + 13 L d + (V + P) d", HW_GPT, "gpt2", lambda L, d, V, P: 12 * L * d ** 2 + 13 * L * d + (V + P) * d,
         G, GMAP, "composed: final LayerNorm forgotten: wrong"),
    Case(r"12 L d^2 + 9 L d + (V + P) d + 2d", HW_GPT, "gpt2",
         lambda L, d, V, P: 12 * L * d ** 2 + 9 * L * d + (V + P) * d + 2 * d, G, GMAP,
         "composed: LayerNorms of the blocks forgotten: wrong"),
    Case(r"L(12d^2 + 13d) + Vd + 2d", HW_GPT, "gpt2", lambda L, d, V: L * (12 * d ** 2 + 13 * d) + V * d + 2 * d,
         {"L": "n_layer", "d": "n_embd", "V": "vocab_size"}, GMAP, "composed: position table forgotten: wrong"),
    Case(r"12Ld² + 13Ld + (V + P)d + 2d", HW_GPT, "gpt2",
         lambda L, d, V, P: 12 * L * d ** 2 + 13 * L * d + (V + P) * d + 2 * d, G, GMAP, "composed; Unicode squares"),
]

# ---------------------------------------------------------------- Llama
SAMPOONI = "S. Pooni, 'KV cache docs', Appendix A 'Transformer Architecture Fundamentals', https://sampooni.github.io/kv-cache-docs/appendix/a-transformer-fundamentals.html"
HW_LLAMA = ("homework-style answer composed for this corpus (LlamaForCausalLM, untied head: V vocabulary, d hidden, "
            "f intermediate, L layers)")
LL = {"V": "vocab_size", "d": "hidden_size", "f": "intermediate_size", "L": "num_hidden_layers"}
LMAP = {"against": "llama", "map": {"V": "vocab_size", "d": "hidden_size", "f": "intermediate_size", "L": "num_hidden_layers"}}
LLAMA7B = {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
           "num_attention_heads": 32, "num_key_value_heads": 32}
LLAMA70B = {"vocab_size": 32000, "hidden_size": 8192, "intermediate_size": 28672, "num_hidden_layers": 80,
            "num_attention_heads": 64, "num_key_value_heads": 8}

LLAMA_CASES = [
    Case(r"Total # of params: 6607.34M", SUPERJOMN, "llama", const(6_607_340_000), {}, {"against": "llama"},
         "LlamaModel without lm_head, rounded: wrong for LlamaForCausalLM", sizes=LLAMA7B),
    Case(r"262M + 68.5B ≈ 69B parameters", SAMPOONI, "llama", const(69_000_000_000), {}, {"against": "llama"},
         "approximation; also leaves out the lm_head", sizes=LLAMA70B),
    Case(r"6,738,415,616", HW_LLAMA, "llama", const(6738415616), {}, {"against": "llama"},
         "composed: Llama-2-7B exact count", sizes=LLAMA7B),
    Case(r"2Vd + L(4d^2 + 3df + 2d) + d", HW_LLAMA, "llama",
         lambda V, d, f, L: 2 * V * d + L * (4 * d ** 2 + 3 * d * f + 2 * d) + d, LL, LMAP, "composed"),
    Case(r"2Vd + L\left(4d^2 + 3df + 2d\right) + d", HW_LLAMA, "llama",
         lambda V, d, f, L: 2 * V * d + L * (4 * d ** 2 + 3 * d * f + 2 * d) + d, LL, LMAP, "composed"),
    Case(r"Vd + L(4d^2 + 3df + 2d) + d", HW_LLAMA, "llama",
         lambda V, d, f, L: V * d + L * (4 * d ** 2 + 3 * d * f + 2 * d) + d, LL, LMAP,
         "composed: tied head counted once (other convention)"),
    Case(r"2Vd + L(4d^2 + 3df)", HW_LLAMA, "llama", lambda V, d, f, L: 2 * V * d + L * (4 * d ** 2 + 3 * d * f), LL, LMAP,
         "composed: RMSNorm weights forgotten: wrong"),
    Case(r"2Vd + L(4d^2 + 2df + 2d) + d", HW_LLAMA, "llama",
         lambda V, d, f, L: 2 * V * d + L * (4 * d ** 2 + 2 * d * f + 2 * d) + d, LL, LMAP,
         "composed: a two-matrix FFN (no gate): wrong"),
    Case(r"2Vd + L\left(2d^2 + 2d\cdot\frac{d\,n_{kv}}{n_h} + 3df + 2d\right) + d", HW_LLAMA, "llama",
         lambda V, d, f, L, n_kv, n_h: 2 * V * d + L * (2 * d ** 2 + 2 * d * (d * n_kv // n_h) + 3 * d * f + 2 * d) + d,
         {**LL, "n_kv": "num_key_value_heads", "n_h": "num_attention_heads"},
         {"against": "llama", "map": {**LMAP["map"], "n_kv": "num_key_value_heads", "n_h": "num_attention_heads"}},
         "composed: grouped-query attention"),
    Case(r"2Vd + L(4d^2 + 3df + 2d) + d", HW_LLAMA, "llama",
         lambda V, d, f, L, n_kv, n_h: 2 * V * d + L * (4 * d ** 2 + 3 * d * f + 2 * d) + d,
         {**LL, "n_kv": "num_key_value_heads", "n_h": "num_attention_heads"},
         {"against": "llama", "map": {**LMAP["map"], "n_kv": "num_key_value_heads", "n_h": "num_attention_heads"}},
         "composed: full-width K and V against a GQA model: wrong"),
    Case(r"V d_{model} \cdot 2 + n_{layers}(4 d_{model}^2 + 3 d_{model} d_{ff} + 2 d_{model}) + d_{model}", HW_LLAMA,
         "llama",
         lambda V, d_model, d_ff, n_layers: V * d_model * 2 + n_layers * (4 * d_model ** 2 + 3 * d_model * d_ff + 2 * d_model) + d_model,
         {"V": "vocab_size", "d_model": "hidden_size", "d_ff": "intermediate_size", "n_layers": "num_hidden_layers"},
         {"against": "llama", "map": {"V": "vocab_size", "d_model": "hidden_size", "d_ff": "intermediate_size",
                                      "n_layers": "num_hidden_layers"}}, "composed"),
    Case(r"L(4d^2 + 3df + 2d)", HW_LLAMA, "llama", lambda d, f, L: L * (4 * d ** 2 + 3 * d * f + 2 * d),
         {"d": "hidden_size", "f": "intermediate_size", "L": "num_hidden_layers"}, LMAP,
         "composed: the decoder layers only: wrong as a total"),
]

# ===================================================== second harvest (quoted)
# Every case below is quoted from its source as written there (nothing composed).
CAL12 = "Calculate Number Of Parameters In Fully Connected Neural Network Keras (calculator guide), https://cal12.calculator.city/calculate-number-of-parameters-in-fully-connected-neural-network-keras/"
TOTALNN_B = "'How To Calculate Total Number Of Parameters In The Neural Network' (second version, 4-5-3-2 example), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
PROGTEACH = "programmerteach, 'model.summary() convolutional neural networks Param Parameter calculations', https://programmerteach.com/p/model-summary-convolutional-neural-networks-param-parameter-calculations"
DSSE_84795 = "Data Science Stack Exchange 84795, 'Calculate the number of params of a neural network', https://datascience.stackexchange.com/questions/84795/calculate-the-number-of-params-of-a-neural-network"
CODEGUR = "codegur, 'Keras CNN model parameters caculation' (44608552), http://codegur.com/44608552/keras-cnn-model-parameters-caculation"
DLAI_87136 = "DeepLearning.AI community, 'Explain the math behind the parameters shown by model.summary()' (the thread SUMMARY_MATH reproduces), https://community.deeplearning.ai/t/explain-the-math-behind-the-parameters-shown-by-model-summary/87136"
XTUTS_SUM = "exchangetuts, 'Understanding model.summary() Keras', https://exchangetuts.com/understanding-modelsummary-keras-1641401644028600"
CV_458685 = "Cross Validated 458685, 'Parameters count in GRU layer keras', mirrored at https://wiki.hoelee.com/content/stats.stackexchange.com_en_all_2022-05/questions/458685/parameters-count-in-gru-layer-keras"
FATAL_RNN3 = "fatal001.com (zh), 'Keras/Tensorflow中RNN单元的参数数量(SimpleRN、GRU和LSTM)', http://fatal001.com/tensorflow/40896434946176094742.html"
FATAL_BI = "fatal001.com (zh), 'keras.layers.bidirective后的参数数量是否增加了一倍?', http://fatal001.com/keras/19160061548490010828.html"
COMPPHYS = "M. Hjorth-Jensen, CompPhysics Machine Learning lecture notes, week 44, 'The MNIST dataset again', https://compphysics.github.io/MachineLearning/doc/pub/week44/html/._week44-bs033.html"
LFD_Q10 = "Caltech Learning From Data forum, 'Homework 6, Question 10' (GB449, foruhar), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
LFD_HW6_B = "Caltech Learning From Data forum, 'Homework 6 #10: Counting Weights' (a reproduction with a worked reply), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
XTUTS_ALEX = "exchangetuts, 'How to calculate the number of parameters of AlexNet?' (Stack Overflow 40060949: Tobi's question, Sven Zwei's answer), https://exchangetuts.com/how-to-calculate-the-number-of-parameters-of-alexnet-1639874789424395"
SUNDEEP_ALEX = "codewithsundeep, 'How to calculate the number of parameters of AlexNet?' (answer by Zhimin Shao), https://codewithsundeep.com/discussion/solution/40060949"
VAMSI = "vamsi6010/LENET_ARCHITECTURE README (LeNet-5 layer by layer), https://github.qyzhg.work/vamsi6010/LENET_ARCHITECTURE"


def _conv(i, o, k, g=1):
    """sizes of a worked conv2d example"""
    s = {"in_channels": i, "out_channels": o, "kernel_size": k}
    if g != 1:
        s["groups"] = g
    return s


MORE_MLP = [
    Case(r"Parameters = (nin × nout) + (bias_enabled ? nout : 0)", CAL12, "mlp",
         lambda w, L: (w[0] * w[1]) + w[1], symbols=_w("nin..nout"), check={"depth": 1},
         note="the ternary read with biases enabled"),
    Case(r"\text{Total Parameters} = (n_{\text{in}} \times n_{\text{out}}) + n_{\text{out}}", TOTALNN_B, "mlp",
         lambda w, L: (w[0] * w[1]) + w[1], symbols=_w("n_in..n_out"), check={"depth": 1}),
    Case(r"20 + 5 = 25", TOTALNN_B, "mlp", const(25), check={"widths": [4, 5]}),
    Case(r"15 + 3 = 18", TOTALNN_B, "mlp", const(18), check={"widths": [5, 3]}),
    Case(r"6 + 2 = 8", TOTALNN_B, "mlp", const(8), check={"widths": [3, 2]}),
    Case(r"25 + 18 + 8 = 51", TOTALNN_B, "mlp", const(51), check={"widths": [4, 5, 3, 2]}),
    Case(r"n_i \times n_{i+1} + n_{i+1}", TOTALNN, "mlp", lambda w, L: w[0] * w[1] + w[1],
         symbols=_w("n_i..n_{i+1}"), check={"depth": 1}, note="parameters per layer"),
    Case(r"3*3 = 9", DSSE_78065, "mlp", const(9), check={"widths": [3, 3]}, note="weights of layer 2 only"),
    Case(r"3*4 = 12", DSSE_78065, "mlp", const(12), check={"widths": [3, 4]}, note="weights of layer 3 only"),
    Case(r"4*2 = 8", DSSE_78065, "mlp", const(8), check={"widths": [4, 2]}, note="weights of layer 4 only"),
    Case(r"Param = ( Enter a data dimension +1)* Number of neurons", PROGTEACH, "mlp",
         lambda w, L: (w[0] + 1) * w[1], symbols=_w("words"), check={"depth": 1},
         note="machine-translated words, as on the page"),
    Case(r"dense_14 (Dense)             (None, 128)               1384576", DSSE_84795, "mlp", const(1384576),
         check={"widths": [10816, 128]}),
    Case(r"dense_15 (Dense)             (None, 10)                1290", DSSE_84795, "mlp", const(1290),
         check={"widths": [128, 10]}),
    Case(r"256 * 512 + 512", DLAI_87136, "mlp", const(131584), check={"widths": [256, 512]}),
    Case(r"dense_1 (Dense) (None, 512) 9470464", XTUTS_SUM, "mlp", const(9470464), check={"widths": [18496, 512]}),
    Case(r"dense_2 (Dense) (None, 1) 513", XTUTS_SUM, "mlp", const(513), check={"widths": [512, 1]}),
    Case(r"dense (Dense)                (None, 1)                 33", CV_458685, "mlp", const(33),
         check={"widths": [32, 1]}),
    Case(r"time_distributed_13 (TimeDis (None, 64, 8)             136", FATAL_BI, "mlp", const(136),
         check={"widths": [16, 8]}, note="a Dense(8) on the GRU's 16 outputs"),
    Case(r"264=136*2-8", FATAL_BI, "mlp", const(264), check={"widths": [32, 8]},
         note="the Dense(8) after the bidirectional GRU's 32 outputs"),
    Case(r"\( 28 \times 28 = 724 \) weights to each neuron", COMPPHYS, "mlp", const(724), check={"widths": [784, 1]},
         note="arithmetic slip (28 x 28 = 784); weights of one neuron, no bias: wrong"),
    Case(r"\( 128 \times 128 = 16384 \) weights to each neuron", COMPPHYS, "mlp", const(16384),
         check={"widths": [16384, 1]}, note="one neuron's weights, no bias"),
    Case(r"3 times the number of weights \( = 49152 \)", COMPPHYS, "mlp", const(49152), check={"widths": [49152, 1]},
         note="one neuron's weights for a 128x128 RGB image, no bias"),
    Case(r"W = (n + 1) \times h + h \times o", LFD_HW6_B, "mlp", lambda w, L: (w[0] + 1) * w[1] + w[1] * w[2],
         symbols={"layout": "n, h, o"}, check={"depth": 2}, note="a bias into the hidden layer only"),
    Case(r"W = (2 + 1) \times 2 + 2 \times 1 = 6 + 2 = 8", LFD_HW6_B, "mlp", const(8), check={"widths": [2, 2, 1]},
         note="no bias on the output node"),
    Case(r"from L0 to L1, there will be 180 weights, from L1 to L2 there will be $18 \times 18 = 324$ weights, and from L2 to L3, 18 weights. Total = 522.",
         LFD_Q10, "mlp", const(522), check={"widths": [10, 18, 18, 1]}, note="weights without biases"),
    Case(r"$18 \times 18 = 324$", LFD_Q10, "mlp", const(324), check={"widths": [18, 18]}, note="weights only"),
    Case(r"$$(i \times (m-1)) + (m \times (n-1)) + (n \times 1)$$", LFD_Q10, "mlp",
         lambda w, L: (w[0] * (w[1] - 1)) + (w[1] * (w[2] - 1)) + (w[2] * 1),
         symbols={"layout": "i, m, n, 1", "w[-1]": "1"}, check={"depth": 3},
         note="Learning From Data counts the constant node in m and n (it receives no weights): not a Linear count"),
    Case(r"fc1: (6*6)*256*4096 + 4096 = 37752832", XTUTS_ALEX, "mlp", const(37752832), check={"widths": [9216, 4096]}),
    Case(r"fc2: 4096*4096 + 4096 = 16781312", XTUTS_ALEX, "mlp", const(16781312), check={"widths": [4096, 4096]}),
    Case(r"fc3: 4096*1000 + 1000 = 4097000", XTUTS_ALEX, "mlp", const(4097000), check={"widths": [4096, 1000]}),
]

MORE_RNN = [
    Case(r"gru (GRU)                    (None, 32)                6336", CV_458685, "gru", const(6336), {},
         {"against": "gru 32 32"}, "Keras 2 (reset_after=True: two bias vectors)", sizes={"input_size": 32, "hidden_size": 32}),
    Case(r"(32x32 + 32x32 + 32x2)x3 = 6336", CV_458685, "gru", const(6336), {}, {"against": "gru 32 32"},
         sizes={"input_size": 32, "hidden_size": 32}),
    Case(r"gru_7 (GRU)                  (None, 5)                 480", CV_458685, "gru", const(480), {},
         {"against": "gru 25 5"}, sizes={"input_size": 25, "hidden_size": 5}),
    Case(r"gru_9 (GRU)                  (None, 64, 16)            1536", FATAL_BI, "gru", const(1536), {},
         {"against": "gru 15 16", "bias": "keras"}, "Keras 2.2 GRU (reset_after=False): one bias per gate",
         sizes={"input_size": 15, "hidden_size": 16}),
    Case(r"simple_rnn (SimpleRNN)       (None, 1)                 3", FATAL_RNN3, "rnn", const(3), {},
         {"against": "rnn 1 1", "bias": "keras"}, sizes={"input_size": 1, "hidden_size": 1}),
    Case(r"结果是12个参数,因为我们有4个门,每个门有三个参数", FATAL_RNN3, "lstm", const(12), {},
         {"against": "lstm 1 1", "bias": "keras"}, "'12 parameters: 4 gates with three each'",
         sizes={"input_size": 1, "hidden_size": 1}),
    Case("当我使用带有_bias=False的\n时,我有8个参数", FATAL_RNN3, "lstm", const(8), {},
         {"against": "lstm 1 1", "bias": False}, "LSTM(1) with use_bias=False: 8 parameters (the page's line break kept: a real newline)",
         sizes={"input_size": 1, "hidden_size": 1}),
]

MORE_CONV = [
    Case(r"( Convolution kernel length × Convolution kernel width × Number of channels +1)× Number of convolution cores",
         PROGTEACH, "conv2d_rect", lambda kh, kw, c, n: (kh * kw * c + 1) * n,
         {"kh": "kernel_h", "kw": "kernel_w", "c": "in_channels", "n": "out_channels"},
         {"against": "conv2d c n kh kw"}, "words (machine-translated); symbols named for the transcription"),
    Case(r"conv2d ( Conv2D)             ( None, 24, 24, 24)         1176", PROGTEACH, "conv2d", const(1176), {},
         {"against": "conv2d 3 24 4"}, sizes=_conv(3, 24, 4)),
    Case(r"conv2d_1 ( Conv2D)           ( None, 8, 8, 48)           28848", PROGTEACH, "conv2d", const(28848), {},
         {"against": "conv2d 24 48 5"}, sizes=_conv(24, 48, 5)),
    Case(r"$$(c \times w \times w + 1) \times 64$$", DSSE_84795, "conv2d", lambda c, w: (c * w * w + 1) * 64,
         {"c": "in_channels", "w": "kernel_size"}, {"against": "conv2d c 64 w"}, "64 output channels fixed",
         sizes={"out_channels": 64}),
    Case(r"conv2d_7 (Conv2D)            (None, 26, 26, 64)        640", DSSE_84795, "conv2d", const(640), {},
         {"against": "conv2d 1 64 3"}, "the answer guesses c = 1, w = 3", sizes=_conv(1, 64, 3)),
    Case(r"(5*5 + 1)*64 = 1664", CODEGUR, "conv2d", const(1664), {}, {"against": "conv2d 32 64 5"},
         "the asker's count: forgets the 32 input channels: wrong", sizes=_conv(32, 64, 5)),
    Case(r"total_params = (filter_height * filter_width * input_image_channels + 1) * number_of_filters", CODEGUR,
         "conv2d_rect",
         lambda filter_height, filter_width, input_image_channels, number_of_filters:
         (filter_height * filter_width * input_image_channels + 1) * number_of_filters,
         {"filter_height": "kernel_h", "filter_width": "kernel_w", "input_image_channels": "in_channels",
          "number_of_filters": "out_channels"},
         {"against": "conv2d input_image_channels number_of_filters filter_height filter_width"}),
    Case(r"number of filters * (filter_dimension_rows, filter_dimension_columns * number_color_channels + 1)",
         DLAI_87136, "conv2d_rect",
         lambda filters, rows, cols, channels: filters * (rows * cols * channels + 1),
         {"filters": "out_channels", "rows": "kernel_h", "cols": "kernel_w", "channels": "in_channels"},
         {"against": "conv2d channels filters rows cols"}, "the comma read as a product, as the worked numbers do"),
    Case(r"16 * (3 * 3 * 3 + 1)", DLAI_87136, "conv2d", const(448), {}, {"against": "conv2d 3 16 3"}, sizes=_conv(3, 16, 3)),
    Case(r"32 * (3 * 3 * 16 + 1)", DLAI_87136, "conv2d", const(4640), {}, {"against": "conv2d 16 32 3"},
         sizes=_conv(16, 32, 3)),
    Case(r"conv2d_4 (Conv2D) (None, 148, 148, 16) 448", XTUTS_SUM, "conv2d", const(448), {}, {"against": "conv2d 3 16 3"},
         sizes=_conv(3, 16, 3)),
    Case(r"conv2d_5 (Conv2D) (None, 72, 72, 32) 4640", XTUTS_SUM, "conv2d", const(4640), {},
         {"against": "conv2d 16 32 3"}, sizes=_conv(16, 32, 3)),
    Case(r"conv2d_6 (Conv2D) (None, 34, 34, 64) 18496", XTUTS_SUM, "conv2d", const(18496), {},
         {"against": "conv2d 32 64 3"}, sizes=_conv(32, 64, 3)),
    Case(r"conv1: (11*11)*3*96 + 96 = 34944", XTUTS_ALEX, "conv2d", const(34944), {}, {"against": "conv2d 3 96 11"},
         sizes=_conv(3, 96, 11)),
    Case(r"conv2: (5*5)*96*256 + 256 = 614656", XTUTS_ALEX, "conv2d", const(614656), {}, {"against": "conv2d 96 256 5"},
         "ungrouped", sizes=_conv(96, 256, 5)),
    Case(r"conv3: (3*3)*256*384 + 384 = 885120", XTUTS_ALEX, "conv2d", const(885120), {},
         {"against": "conv2d 256 384 3"}, sizes=_conv(256, 384, 3)),
    Case(r"conv4: (3*3)*384*384 + 384 = 1327488", XTUTS_ALEX, "conv2d", const(1327488), {},
         {"against": "conv2d 384 384 3"}, sizes=_conv(384, 384, 3)),
    Case(r"conv5: (3*3)*384*256 + 256 = 884992", XTUTS_ALEX, "conv2d", const(884992), {},
         {"against": "conv2d 384 256 3"}, sizes=_conv(384, 256, 3)),
    Case(r"(5*5)*48*256 + 256 = 307,456", XTUTS_ALEX, "conv2d", const(307456), {},
         {"against": "conv2d 96 256 5 groups 2"}, "AlexNet's two groups (Sven Zwei's answer)", sizes=_conv(96, 256, 5, 2)),
    Case(r"conv2: (5 * 5 * 48) * 256 + 256", SUNDEEP_ALEX, "conv2d", const(307456), {},
         {"against": "conv2d 96 256 5 groups 2"}, "two groups, from the paper's 5 x 5 x 48 kernels",
         sizes=_conv(96, 256, 5, 2)),
    Case(r"conv4: (3 * 3 * 192) * 384 + 384", SUNDEEP_ALEX, "conv2d", const(663936), {},
         {"against": "conv2d 384 384 3 groups 2"}, "two groups", sizes=_conv(384, 384, 3, 2)),
    Case(r"Trainable parameters: (5 * 5 + 1) * 6", VAMSI, "conv2d", const(156), {}, {"against": "conv2d 1 6 5"},
         "LeNet-5 C1", sizes=_conv(1, 6, 5)),
]

GEEKQA_VGG = "geek-qa.imtqy.com (machine-translated mirror of Stack Overflow 28232235, 'How to calculate the number of parameters of convolutional neural networks?'), https://geek-qa.imtqy.com/questions/219761/index.html"
DEVHIDE_VGG = "devhide, 'Why is VGG16 giving lesser no. of total parameters?', https://devhide.com/why-is-vgg16-giving-lesser-no-of-total-parameters-72054299"
NEWBE_MULTI = "newbe.dev, 'Multi dimensional input for LSTM in Keras', https://newbe.dev/index.php/multi-dimensional-input-for-lstm-in-keras"
QASTACK_LSTM = "qastack.mx (es), Cross Validated 365428, 'Diferencia entre una LSTM de una sola unidad y una red neuronal LSTM de 3 unidades', https://qastack.mx/stats/365428/difference-between-a-single-unit-lstm-and-3-unit-lstm-neural-network"
AISE_40592 = "Artificial Intelligence Stack Exchange 40592, 'How is a parameter explosion prevented when connecting a multihead attention layer ...' (answer counting LLaMA's weights), https://ai.stackexchange.com/questions/40592/how-is-a-parameter-explosion-prevented-when-connecting-a-mutlihead-attention-la"
ADLR = "B. K. Rai, 'Advanced Deep Learning with R' (Packt, 2019), 'Calculation of parameters', https://blogtechexpert.com/view/book/Advanced+Deep+Learning+with+R-EB9781789538779_227.html"
STACKRU_GRU = "stackru.com (ru), 'Количество параметров подсчета в ГРУ' (Stack Overflow 63652596), https://stackru.com/questions/63652596/kolichestvo-parametrov-podscheta-v-gru"
FLTEXT = "federated-learning-experiments/fl-text-models notebook 'Compare Model Sizes', https://github.com/federated-learning-experiments/fl-text-models"

MORE_MLP += [
    Case(r"fc1 : 102,764,544", GEEKQA_VGG, "mlp", const(102764544), check={"widths": [25088, 4096]}),
    Case(r"fc1 (Dense)                 (None, 4096)              102764544", DEVHIDE_VGG, "mlp", const(102764544),
         check={"widths": [25088, 4096]}),
    Case(r"fc2 (Dense)                 (None, 4096)              16781312", DEVHIDE_VGG, "mlp", const(16781312),
         check={"widths": [4096, 4096]}),
    Case(r"predictions (Dense)         (None, 1000)              4097000", DEVHIDE_VGG, "mlp", const(4097000),
         check={"widths": [4096, 1000]}),
    Case(r"(7 \times 7 \times 512) \times 4096 + 4096 = 102,764,544", VGG_NEMO, "mlp", const(102764544),
         check={"widths": [25088, 4096]}),
    Case(r"(8 x 32 + 8) = 264", ADLR, "mlp", const(264), check={"widths": [32, 8]},
         note="the book's dense-layer comparison for the RNN's 32 inputs and 8 units"),
    Case(r"(1 x 8 + 1) = 9", ADLR, "mlp", const(9), check={"widths": [8, 1]}),
    Case(r"dense_24 (Dense) (None, 1) 9", ADLR, "mlp", const(9), check={"widths": [8, 1]}),
    Case(r"dense_4 (Dense) multiple 9292", STACKRU_GRU, "mlp", const(9292), check={"widths": [100, 92]}),
    Case(r"dense_4 (Dense)              (None, None, 100)         25700", FLTEXT, "mlp", const(25700),
         check={"widths": [256, 100]}),
    Case(r"dense_5 (Dense)              (None, None, 10004)       1010404", FLTEXT, "mlp", const(1010404),
         check={"widths": [100, 10004]}),
]

MORE_RNN += [
    Case(r"free_params = (4 * features * units) + (4 * units * units) + (4 * num_units)", NEWBE_MULTI, "lstm",
         lambda features, units, num_units: (4 * features * units) + (4 * units * units) + (4 * num_units),
         {"features": "input_size", "units": "hidden_size", "num_units": "hidden_size"},
         {"against": "lstm features units", "bias": "keras"}, "num_units is the answer's other name for units"),
    Case(r"lstm_1 (LSTM) (None, 1) 12", NEWBE_MULTI, "lstm", const(12), {}, {"against": "lstm 1 1", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 1}),
    Case(r"lstm_1 (LSTM) (None, 1) 16", NEWBE_MULTI, "lstm", const(16), {}, {"against": "lstm 2 1", "bias": "keras"},
         "features = 2", sizes={"input_size": 2, "hidden_size": 1}),
    Case(r"lstm_2 (LSTM) (None, 1) 12", QASTACK_LSTM, "lstm", const(12), {}, {"against": "lstm 1 1", "bias": "keras"},
         sizes={"input_size": 1, "hidden_size": 1}),
    Case(r"(h(h+i) + h)", ADLR, "rnn", lambda h, i: (h * (h + i) + h), {"h": "hidden_size", "i": "input_size"},
         {"against": "rnn i h", "bias": "keras"}),
    Case(r"(8(8 + 32)+8) = 328", ADLR, "rnn", const(328), {}, {"against": "rnn 32 8", "bias": "keras"},
         sizes={"input_size": 32, "hidden_size": 8}),
    Case(r"simple_rnn_23 (SimpleRNN) (None, 8) 328", ADLR, "rnn", const(328), {}, {"against": "rnn 32 8", "bias": "keras"},
         sizes={"input_size": 32, "hidden_size": 8}),
    Case(r"gru_4 (GRU) multiple 107400", STACKRU_GRU, "gru", const(107400), {}, {"against": "gru 256 100"},
         "TF2 GRU (reset_after=True)", sizes={"input_size": 256, "hidden_size": 100}),
    Case(r"model1_lstm (LSTM)           (None, None, 256)         365568", FLTEXT, "lstm", const(365568), {},
         {"against": "lstm 100 256", "bias": "keras"}, sizes={"input_size": 100, "hidden_size": 256}),
]

MORE_CONV += [
    Case(r"128x3x3x256 (weight) + 256 (offsets) = 295.168 parameters for the 1st,", GEEKQA_VGG, "conv2d", const(295168), {},
         {"against": "conv2d 128 256 3"}, "machine translation: biases become 'offsets', a period for thousands",
         sizes=_conv(128, 256, 3)),
    Case(r"256x3x3x256 (weight) + 256 (offsets) = 590,080 parameters for the other two.", GEEKQA_VGG, "conv2d",
         const(590080), {}, {"against": "conv2d 256 256 3"}, sizes=_conv(256, 256, 3)),
    Case(r"128 \times 3 \times 3 \times 256 + 256 = 295,168", VGG_NEMO, "conv2d", const(295168), {},
         {"against": "conv2d 128 256 3"}, sizes=_conv(128, 256, 3)),
    Case(r"512 \times 3 \times 3 \times 512 + 512 = 2,359,296", VGG_NEMO, "conv2d", const(2359296), {},
         {"against": "conv2d 512 512 3"}, "the stated total is the weights alone (2,359,808 with the + 512): the no-bias count", sizes=_conv(512, 512, 3)),
]

MORE_EMB = [
    Case(r"embedding_21 (Embedding) (None, None, 32) 16000", ADLR, "embedding", const(16000), {},
         {"against": "embedding 500 32"}, sizes={"num_embeddings": 500, "embedding_dim": 32}),
    Case(r"multiplying 500 (number of most frequent words) and 32 (output dimension) to obtain 16,000", ADLR,
         "embedding", const(16000), {}, {"against": "embedding 500 32"}, sizes={"num_embeddings": 500, "embedding_dim": 32}),
    Case(r"embedding_4 (Embedding) multiple 23552", STACKRU_GRU, "embedding", const(23552), {},
         {"against": "embedding 92 256"}, sizes={"num_embeddings": 92, "embedding_dim": 256}),
    Case(r"92x256=23552", STACKRU_GRU, "embedding", const(23552), {}, {"against": "embedding 92 256"},
         sizes={"num_embeddings": 92, "embedding_dim": 256}),
    Case(r"model1_embedding (Embedding) (None, None, 100)         1000400", FLTEXT, "embedding", const(1000400), {},
         {"against": "embedding 10004 100"}, sizes={"num_embeddings": 10004, "embedding_dim": 100}),
]

MORE_ATT = [
    Case(r"n_attention_weights = 4 * dim * (n_heads * head_dim)", AISE_40592, "attention",
         lambda dim, n_heads: 4 * dim * (n_heads * (dim // n_heads)), {"dim": "embed_dim", "n_heads": "num_heads"},
         {"against": "attention dim", "bias": False}, "head_dim = dim // n_heads (the answer's code); LLaMA has no biases"),
]

DLAI_MOBILENET = "DeepLearning.AI community, 'Why should mobileNet have similar performance as conventional ConvNet?' (reply 7), https://community.deeplearning.ai/t/why-should-mobilenet-have-similar-performance-as-conventional-convnet/19582/7"
SYSOVERFLOW = "systemoverflow, 'How MobileNet Achieves 8x Faster Inference with Depthwise Separable Convolutions', https://www.systemoverflow.com/learn/ml-cv-systems/edge-deployment/how-mobilenet-achieves-8x-faster-inference-with-depthwise-separable-convolutions"
CODERAPP = "coderapp, 'How to interpret model.summary() output in CNN?' (Stack Overflow 61061116), https://coderapp.vercel.app/answer/61061116"
SNAILCODER = "snailcoder (zh), 'How many parameters in BERT', https://snailcoder.github.io/2023/07/05/how-many-parameters-in-bert.html"
RAIMI = "Raimi Karim, 'Counting No. of Parameters in Deep Learning Models by Hand' (Towards Data Science, 2019), mirrored at http://news.datascience.org.ua/2019/01/21/counting-no-of-parameters-in-deep-learning-models-by-hand/"
FDNAVARRO = "fdnavarropecci/mbd_images_clase notebook, 'How to calculate parameters in a Deep Learning model?', https://github.com/fdnavarropecci/mbd_images_clase"
NEMO_CNN = "'How to Calculate the Number of Parameters in a CNN', as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
SCRIBD_CNN = "Scribd document 916050017, 'CNN Numerical 1' (https://www.scribd.com/document/916050017/CNN-Numerical-1), as returned via https://rt.http3.lol/index.php?q=aHR0cHM6Ly93d3cuc2NyaWJkLmNvbS9kb2N1bWVudC85MTYwNTAwMTcvQ05OLU51bWVyaWNhbC0x"
ASHU = "ashuftw notes, 'Neural Network Formulae for Calculations', https://notes.ashuftw.com/Literature/250422-Neural-Network-Formulae-for-Calculations"
RFAISAL = "Rahmat Faisal, 'What Are Model Parameters In Deep Learning, and How To Calculate It' (Analytics Vidhya, 2020), https://medium.com/analytics-vidhya/what-are-model-parameters-in-deep-learning-and-how-to-calculate-it-de96476caab"

MORE_MLP += [
    Case(r"dense_6 (Dense)              (None, 32)                25632", CODERAPP, "mlp", const(25632),
         check={"widths": [800, 32]}),
    Case(r"dense_7 (Dense)              (None, 10)                330", CODERAPP, "mlp", const(330), check={"widths": [32, 10]}),
    Case(r"768 * 768 + 768 = 590592", SNAILCODER, "mlp", const(590592), check={"widths": [768, 768]},
         note="BERT's attention output dense layer"),
    Case(r"(768 * 3072 + 3072) + (3072 * 768 + 768) = 4722432", SNAILCODER, "mlp", const(4722432),
         check={"widths": [768, 3072, 768]}, note="BERT's feed-forward network"),
    Case(r"(i×h + h×o) + (h+o)", RAIMI, "mlp", lambda w, L: (w[0] * w[1] + w[1] * w[2]) + (w[1] + w[2]),
         symbols={"layout": "i, h, o"}, check={"depth": 2}),
    Case(r"(3×5 + 5×2) + (5+2) = 32", RAIMI, "mlp", const(32), check={"widths": [3, 5, 2]}),
    Case(r"(50×100 + 100×1 + 1×100 + 100×50) + (100+1+100+50) = 10,451", RAIMI, "mlp", const(10451),
         check={"widths": [50, 100, 1, 100, 50]}),
    Case(r"(32* 5* 5+1)* 256 = 205'056", FDNAVARRO, "mlp", const(205056), check={"widths": [800, 256]},
         note="apostrophe as thousands separator"),
    Case(r"(256+1)*10     =   2'570", FDNAVARRO, "mlp", const(2570), check={"widths": [256, 10]}),
    Case(r"((current layer n*previous layer n)+1)", FDNAVARRO, "mlp", lambda w, L: ((w[1] * w[0]) + 1),
         symbols=_w("words"), check={"depth": 1},
         note="the bracket puts one +1 on the whole layer (the worked numbers add one per unit): wrong as written"),
    Case(r"(n+1)*m", NEMO_CNN, "mlp",
         lambda w, L: (w[0] + 1) * w[1], symbols=_w("n..m"), check={"depth": 1},
         note="'For n inputs and m outputs ... the total parameters are (n+1)*m'"),
    Case(r"(input_dimensions × neurons_in_layer) + neurons_in_layer", ASHU, "mlp",
         lambda w, L: (w[0] * w[1]) + w[1], symbols=_w("input_dimensions..neurons_in_layer"), check={"depth": 1}),
    Case(r"Total: 1000 + 10 = 1010 parameters", ASHU, "mlp", const(1010), check={"widths": [100, 10]}),
    Case(r"the total weight and bias is 8+2=10 parameter", RFAISAL, "mlp", const(10), check={"widths": [4, 2]}),
]

MORE_RNN += [
    Case(r"h(h+i) + h", RAIMI, "rnn", lambda h, i: h * (h + i) + h, {"h": "hidden_size", "i": "input_size"},
         {"against": "rnn i h", "bias": "keras"}, "'each gate has h(h+i) + h parameters' (a SimpleRNN has one)"),
]

MORE_CONV += [
    Case(r"(3 \times 3 \times 3 + 1) \times 128 = 28 \times 128 = 3584", DLAI_MOBILENET, "conv2d", const(3584), {},
         {"against": "conv2d 3 128 3"}, "standard convolution", sizes=_conv(3, 128, 3)),
    Case(r"(3 \times 3 \times 1 + 1) \times 3 = 10 \times 3 = 30", DLAI_MOBILENET, "conv2d", const(30), {},
         {"against": "conv2d 3 3 3 groups 3"}, "depthwise convolution", sizes=_conv(3, 3, 3, 3)),
    Case(r"(1 \times 1 \times 3 + 1) \times 128 = 4 \times 128 = 512", DLAI_MOBILENET, "conv2d", const(512), {},
         {"against": "conv2d 3 128 1"}, "pointwise convolution", sizes=_conv(3, 128, 1)),
    Case(r"3×3×64×128 = 73,728 parameters per layer", SYSOVERFLOW, "conv2d", const(73728), {},
         {"against": "conv2d 64 128 3"}, "weights only", sizes=_conv(64, 128, 3)),
    Case(r"64×9 = 576 parameters", SYSOVERFLOW, "conv2d", const(576), {}, {"against": "conv2d 64 64 3 groups 64"},
         "depthwise step, weights only", sizes=_conv(64, 64, 3, 64)),
    Case(r"64×128 = 8,192 parameters", SYSOVERFLOW, "conv2d", const(8192), {}, {"against": "conv2d 64 128 1"},
         "pointwise step, weights only", sizes=_conv(64, 128, 1)),
    Case(r"conv2d_14 (Conv2D)           (None, 29, 29, 32)        1568", CODERAPP, "conv2d", const(1568), {},
         {"against": "conv2d 3 32 4"}, sizes=_conv(3, 32, 4)),
    Case(r"conv2d_15 (Conv2D)           (None, 11, 11, 32)        16416", CODERAPP, "conv2d", const(16416), {},
         {"against": "conv2d 32 32 4"}, sizes=_conv(32, 32, 4)),
    Case(r"(5* 5* 1+1)* 32   =     832", FDNAVARRO, "conv2d", const(832), {}, {"against": "conv2d 1 32 5"},
         sizes=_conv(1, 32, 5)),
    Case(r"(3* 3 * 32+1)* 32  =   9'248", FDNAVARRO, "conv2d", const(9248), {}, {"against": "conv2d 32 32 3"},
         sizes=_conv(32, 32, 3)),
    Case(r"(\text{kernel\_size} \times \text{stride} + 1) \times \text{filters} = 3 \times 3 \times 1 + 1 \times 32 = 320",
         NEMO_CNN, "conv2d", const(320), {}, {"against": "conv2d 1 32 3"},
         "the stated 320 (the middle expression, read with precedence, is 41)", sizes=_conv(1, 32, 3)),
    Case(r"(n*m*l+1)*k", NEMO_CNN, "conv2d_rect", lambda n, m, l, k: (n * m * l + 1) * k,
         {"n": "kernel_h", "m": "kernel_w", "l": "in_channels", "k": "out_channels"}, {"against": "conv2d l k n m"}),
    Case(r"n*m*k*l", NEMO_CNN, "conv2d_rect", lambda n, m, l, k: n * m * k * l,
         {"n": "kernel_h", "m": "kernel_w", "l": "in_channels", "k": "out_channels"},
         {"against": "conv2d l k n m"}, "'the total weights': no bias"),
    Case(r"Number of parameters = (Kernel Size * Number of input channels + 1) * Number of Kernels", SCRIBD_CNN,
         "conv2d", lambda F, C, K: (F * F * C + 1) * K, {"F": "kernel_size", "C": "in_channels", "K": "out_channels"},
         {"against": "conv2d C K F"}, "'Kernel Size' is the F x F area, as the worked numbers use it"),
    Case(r"(3 * 3 * 3 + 1) * 20 = (27 + 1) * 20 = 560", SCRIBD_CNN, "conv2d", const(560), {},
         {"against": "conv2d 3 20 3"}, sizes=_conv(3, 20, 3)),
    Case(r"(3 * 3 * 20 + 1) * 90 = (180 + 1) * 90 = 16290", SCRIBD_CNN, "conv2d", const(16290), {},
         {"against": "conv2d 20 90 3"}, sizes=_conv(20, 90, 3)),
    Case(r"(input_channels × kernel_height × kernel_width × num_kernels) + num_kernels", ASHU, "conv2d_rect",
         lambda input_channels, kernel_height, kernel_width, num_kernels:
         (input_channels * kernel_height * kernel_width * num_kernels) + num_kernels,
         {"input_channels": "in_channels", "kernel_height": "kernel_h", "kernel_width": "kernel_w",
          "num_kernels": "out_channels"},
         {"against": "conv2d input_channels num_kernels kernel_height kernel_width"}),
]

MORE_EMB += [
    Case(r"30522 * 768 = 23440896", SNAILCODER, "embedding", const(23440896), {}, {"against": "embedding 30522 768"},
         "BERT's token embeddings", sizes={"num_embeddings": 30522, "embedding_dim": 768}),
    Case(r"2 * 768 = 1536", SNAILCODER, "embedding", const(1536), {}, {"against": "embedding 2 768"},
         "segment embeddings", sizes={"num_embeddings": 2, "embedding_dim": 768}),
    Case(r"512 * 768 = 393216", SNAILCODER, "embedding", const(393216), {}, {"against": "embedding 512 768"},
         "position embeddings", sizes={"num_embeddings": 512, "embedding_dim": 768}),
]

NEMO_ALEX = "'How to calculate the number of parameters of AlexNet?' (Stack Overflow 40060949, LaTeX rendering), as reproduced in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"

MORE_MLP += [
    Case(r"From hidden to output: \( 2 \times 1 = 2 \) weights", LFD_HW6, "mlp", const(2), check={"widths": [2, 1]},
         note="weights only"),
    Case(r"Number of weights = 18 (input nodes) * 18 (units in L1) = 324", LFD_Q10, "mlp", const(324),
         check={"widths": [18, 18]}, note="weights only"),
    Case(r"Total = 324 + 324 + 18 = 666", LFD_Q10, "mlp", const(666), check={"widths": [18, 18, 18, 1]},
         note="weights without biases"),
    Case(r"\( 4096 \times 1000 + 1000 = 4097000 \)", NEMO_ALEX, "mlp", const(4097000), check={"widths": [4096, 1000]}),
    Case(r"\( (6 \times 6) \times 256 \times 4096 + 4096 = 37752832 \)", NEMO_ALEX, "mlp", const(37752832),
         check={"widths": [9216, 4096]}),
]

MORE_CONV += [
    Case(r"\( (11 \times 11) \times 3 \times 96 + 96 = 34944 \)", NEMO_ALEX, "conv2d", const(34944), {},
         {"against": "conv2d 3 96 11"}, sizes=_conv(3, 96, 11)),
    Case(r"\( (3 \times 3) \times 256 \times 384 + 384 = 885120 \)", NEMO_ALEX, "conv2d", const(885120), {},
         {"against": "conv2d 256 384 3"}, sizes=_conv(256, 384, 3)),
    Case(r"\( (5 \times 5) \times 48 \times 256 + 256 = 307456 \)", NEMO_ALEX, "conv2d", const(307456), {},
         {"against": "conv2d 96 256 5 groups 2"}, "two groups", sizes=_conv(96, 256, 5, 2)),
    Case(r"\( (5 \times 5) \times 48 \times 256 + 256 = 307456 \)", NEMO_ALEX, "conv2d", const(307456), {},
         {"against": "conv2d 96 256 5"}, "the grouped count checked against an ungrouped layer: wrong",
         sizes=_conv(96, 256, 5)),
]

CASES: list[Case] = [*MLP_CASES, *RNN_CASES, *CONV_CASES, *EMB_CASES, *ATT_CASES, *TB_CASES, *GPT_CASES,
                     *LLAMA_CASES, *MORE_MLP, *MORE_RNN, *MORE_CONV,
                     *MORE_EMB, *MORE_ATT]
