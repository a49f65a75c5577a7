from junction.models.account import Account, AccountStatus
from junction.models.api_transaction import ApiTransaction, TransactionState
from junction.models.base import Base
from junction.models.connection import Connection, ConnectionStatus
from junction.models.consumer import Consumer
from junction.models.request_log import RequestLog

__all__ = [
    "Account",
    "AccountStatus",
    "ApiTransaction",
    "Base",
    "Connection",
    "ConnectionStatus",
    "Consumer",
    "RequestLog",
    "TransactionState",
]
