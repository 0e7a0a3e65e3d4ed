"""Peripherals behind role protocols, with real adapters and shipped simulators."""
