#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(void)
{
    int server_socket, on = 1;
    struct sockaddr_in server_addr;

    server_socket = socket(PF_INET, SOCK_STREAM, 0);

    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family      = AF_INET;
    server_addr.sin_port        = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
    {
        perror("bind() 실행 에러");   /* Address already in use */
        setsockopt(server_socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
        { perror("bind() 실행 에러"); exit(1); }
    }
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    /* ... accept() and serve as before ... */
    close(server_socket);
    return 0;
}
